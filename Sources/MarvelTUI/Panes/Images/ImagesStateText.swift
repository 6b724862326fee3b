import MarvelCore

/// What the Images pane says instead of data: no registry configured, loading,
/// unreachable, needs credentials — each with what to configure.
public enum ImagesStateText {
    /// No registry set: where to set one.
    public static func notConfigured(settingsFile: String?) -> [StyledSpan] {
        let file = settingsFile ?? "~/.config/marvdash/config.yaml"
        return [
            StyledSpan("no image registry configured", TextStyle(.statusWarn, bold: true)),
            StyledSpan("add to \(file):", TextStyle(.dim)),
            StyledSpan("registry:", TextStyle(.normal)),
            StyledSpan("  url: https://registry.example:5000", TextStyle(.normal)),
            StyledSpan("(credentials: registry.username/password, or docker login)", TextStyle(.dim)),
            StyledSpan("marvdash --demo serves a demo registry", TextStyle(.keyHint)),
        ]
    }

    public static func loading(_ what: String, registry: String) -> [StyledSpan] {
        [StyledSpan("loading \(what) from \(registry)…", TextStyle(.statusPending))]
    }

    /// A failure with nothing to show under it: the headline, the message wrapped, and how to retry.
    public static func failure(_ error: RegistryError, width: Int) -> [StyledSpan] {
        var spans = [StyledSpan(headline(error), TextStyle(.statusError, bold: true))]
        spans += ServiceDetail.wrap(error.description, width: max(20, width - 4)).map { StyledSpan($0, TextStyle(.normal)) }
        spans.append(StyledSpan("r retries now (otherwise in a little while)", TextStyle(.keyHint)))
        return spans
    }

    /// "✖ registry unreachable", "✖ registry needs credentials", …
    public static func headline(_ error: RegistryError) -> String {
        switch error {
        case .unreachable: return "✖ registry unreachable"
        case .tls: return "✖ registry certificate not trusted"
        case .unauthorized(_, let credentials, _, _): return credentials == nil ? "✖ registry needs credentials" : "✖ registry refused the credentials"
        case .denied: return "✖ access denied"
        case .notFound: return "✖ not found"
        case .notARegistry: return "✖ not an image registry"
        default: return "✖ registry error"
        }
    }
}
