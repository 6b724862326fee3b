/// The operator's settings from `$XDG_CONFIG_HOME/marvdash/config.yaml`.
/// Every field is optional in the file; command-line flags override them.
public struct Settings: Sendable, Equatable {
    /// Theme name (a file `Themes/NAME.yaml`).
    public var theme: String?
    /// Default namespace when neither `--namespace` nor the context sets one.
    public var namespace: String?
    /// Seconds between reads of the metrics API (usage). Everything else is watched and
    /// changes show at once; usage has no watch.
    public var refreshSeconds: Double
    /// Hide every mutating key and refuse mutating commands.
    public var readOnly: Bool
    /// Mouse in the console: the wheel scrolls, a click selects (off by default; `--mouse` too).
    public var mouse = false
    /// Which labels give a node's layer and site.
    public var layerRules: LayerRules
    /// Extra template folders, searched after `Templates/`.
    public var templateDirs: [String]
    /// The image registry (the Images pane, `marvdash images`, platform checks); nil when none is set.
    public var registry: RegistrySettings?
    /// The domain instance hosts are made in (HOSTNAME = `<instance>.<ingressDomain>`); nil: marvdash.local.
    public var ingressDomain: String?
    /// The file the settings came from, when one existed.
    public var source: String?
    /// How the client behaves on the wire: read timeout, rate limit (`api:` in the file).
    public var client: KubeClientOptions
    /// Seconds with nothing from the server before the console probes it (0: never).
    public var livenessSeconds: Double
    /// The user of the basic auth on instance Ingresses (`authUser:`); nil: admin.
    public var authUser: String?
    /// Sizes and class of the PRIVATE and SHARED claims (`volumes:`).
    public var volumes = VolumeSettings()

    public init(
        theme: String? = nil, namespace: String? = nil, refreshSeconds: Double = 60, readOnly: Bool = false,
        layerRules: LayerRules = LayerRules(), templateDirs: [String] = [], registry: RegistrySettings? = nil,
        ingressDomain: String? = nil, source: String? = nil, client: KubeClientOptions = KubeClientOptions(),
        livenessSeconds: Double = 2.5
    ) {
        self.theme = theme
        self.namespace = namespace
        self.refreshSeconds = refreshSeconds
        self.readOnly = readOnly
        self.layerRules = layerRules
        self.templateDirs = templateDirs
        self.registry = registry
        self.ingressDomain = ingressDomain
        self.source = source
        self.client = client
        self.livenessSeconds = livenessSeconds
    }
}

/// A problem in the settings file, as one line: "file:line:col: what — what to do".
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var mark: SourceMark?
    public var message: String

    public init(file: String, mark: SourceMark?, message: String) {
        self.file = file
        self.mark = mark
        self.message = message
    }

    public var description: String {
        if let mark { return "\(file):\(mark.line):\(mark.column): \(message)" }
        return "\(file): \(message)"
    }
}
