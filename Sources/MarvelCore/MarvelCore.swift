/// MarvelCore: the shared core of marvdash — YAML, JSON, HTTP, Kubernetes
/// access, templating, placement and DynHP math. It never imports the UI.
public enum MarvelCore {
    /// The marvdash version, printed by `marvdash version` and sent as User-Agent.
    public static let version = "0.1.0"
}
