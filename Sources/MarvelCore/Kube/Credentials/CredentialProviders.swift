/// Turns a target's auth method into the provider a client asks before each request.
public enum CredentialProviders {
    /// The provider for `auth`; `terminal` lends the terminal to a prompting exec plugin.
    public static func provider(for auth: KubeTarget.Auth, terminal: TerminalHandoff) -> any CredentialProvider {
        switch auth {
        case .none: return FixedCredentials.anonymous
        case .bearer(let token): return FixedCredentials.bearer(token)
        case .basic(let user, let password): return FixedCredentials.basic(user: user, password: password)
        case .tokenFile(let path): return TokenFileCredentials(path: path)
        case .exec(let config): return ExecCredentialProvider(config: config, terminal: terminal)
        }
    }
}
