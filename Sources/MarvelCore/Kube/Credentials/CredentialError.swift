/// Why a request could not get its credentials, in one line that names the
/// user, the file or plugin and what to do. Never contains a token.
public enum CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The token file cannot be read or is empty.
    case tokenFile(path: String, detail: String)
    /// The exec plugin's command is not there; `installHint` is the kubeconfig's advice (may be empty).
    case pluginNotFound(user: String, command: String, installHint: String)
    /// The plugin could not be started.
    case pluginNotStarted(user: String, command: String, detail: String)
    /// The plugin exited with a failure; `stderr` is its last output (trimmed).
    case pluginFailed(user: String, command: String, status: String, stderr: String)
    /// The plugin ran longer than allowed and was stopped.
    case pluginTimedOut(user: String, command: String, seconds: Int)
    /// The plugin printed something that is not a usable ExecCredential.
    case pluginOutput(user: String, command: String, problem: String)
    /// interactiveMode Always, but there is no terminal to lend.
    case pluginNeedsTerminal(user: String, command: String)

    public var description: String {
        switch self {
        case .tokenFile(let path, let detail):
            return "cannot read the token file \(path): \(detail); check the file (tokenFile in the kubeconfig, or the service account)"
        case .pluginNotFound(let user, let command, let hint):
            let advice = hint.isEmpty ? "install it or fix users[\(user)].user.exec.command in the kubeconfig" : Self.oneLine(hint)
            return "the exec credential plugin '\(command)' of user \(user) was not found: \(advice)"
        case .pluginNotStarted(let user, let command, let detail):
            return "cannot run the exec credential plugin '\(command)' of user \(user): \(detail)"
        case .pluginFailed(let user, let command, let status, let stderr):
            let said = stderr.isEmpty ? "it printed nothing on stderr" : "it said: \(Self.oneLine(stderr))"
            return "the exec credential plugin '\(command)' of user \(user) failed (\(status)); \(said)"
        case .pluginTimedOut(let user, let command, let seconds):
            return "the exec credential plugin '\(command)' of user \(user) did not answer within \(seconds) s and was stopped; run it by hand to see why"
        case .pluginOutput(let user, let command, let problem):
            return "the exec credential plugin '\(command)' of user \(user) printed no usable ExecCredential: \(problem)"
        case .pluginNeedsTerminal(let user, let command):
            return "the exec credential plugin '\(command)' of user \(user) needs a terminal (interactiveMode: Always) but standard input is not one; run marvdash from a terminal"
        }
    }

    /// Lines joined by " / ", spaces collapsed, at most 400 characters.
    static func oneLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        let joined = lines.filter { !$0.isEmpty }.joined(separator: " / ")
        return joined.count > 400 ? String(joined.suffix(400)) : joined
    }
}
