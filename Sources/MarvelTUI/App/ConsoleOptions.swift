import Foundation
import MarvelCore

/// Everything the console needs to start: where data comes from, how to
/// label it, the theme, and whether mutating keys are allowed.
public struct ConsoleOptions: Sendable {
    public var theme: Theme
    public var source: any ConsoleDataSource
    public var contextName: String
    public var namespace: String
    public var serverURL: String
    /// True when talking to the in-process embedded cluster (shown in the title).
    public var embedded: Bool
    public var layerRules: LayerRules
    /// Hides and refuses every key that would change the cluster.
    public var readOnly: Bool
    /// Time zone of the title-bar clock.
    public var timeZone: TimeZone
    /// Environment for the terminal (TERM, NO_COLOR, …).
    public var environment: [String: String]
    /// Warnings about the connection (TLS verification off, credentials sent
    /// in clear): flashed at start, listed in the help, and marked "insecure"
    /// in the title for as long as the console runs.
    public var warnings: [String]
    /// Templates, deployed instances and actions (deploy, delete, logs); nil hides them.
    public var backend: (any ConsoleBackend)?
    /// Training runs for the Training pane (metrics files, DynHP pods); nil shows how to get some.
    public var metrics: (any MetricsSource)?
    /// The image registry for the Images pane; nil shows how to configure one.
    public var images: (any ImageSource)?
    /// The settings file the panes name when something needs configuring.
    public var settingsFile: String?
    /// Where exec credential plugins ask for the terminal; the console lends it between frames.
    public var terminalHandoff: TerminalHandoff?
    /// Watches and actions of the resource views (`:po`, `:deploy`, …); nil says they need a cluster.
    public var resources: (any ResourceSource)?
    /// Lists the kubeconfig's contexts and connects to another (`:ctx`); nil when there is no kubeconfig.
    public var contextSwitcher: (any ContextSwitching)?
    /// Mouse reporting: wheel scrolls, a click selects a table row (off by default).
    public var mouse: Bool

    public init(theme: Theme = .builtinDefault, source: any ConsoleDataSource, contextName: String, namespace: String,
                serverURL: String, embedded: Bool = false, layerRules: LayerRules = LayerRules(), readOnly: Bool = false,
                timeZone: TimeZone = .current, environment: [String: String] = ProcessInfo.processInfo.environment,
                warnings: [String] = [], backend: (any ConsoleBackend)? = nil, metrics: (any MetricsSource)? = nil,
                images: (any ImageSource)? = nil, settingsFile: String? = nil, terminalHandoff: TerminalHandoff? = nil,
                resources: (any ResourceSource)? = nil, contextSwitcher: (any ContextSwitching)? = nil, mouse: Bool = false) {
        self.theme = theme
        self.source = source
        self.contextName = contextName
        self.namespace = namespace
        self.serverURL = serverURL
        self.embedded = embedded
        self.layerRules = layerRules
        self.readOnly = readOnly
        self.timeZone = timeZone
        self.environment = environment
        self.warnings = warnings
        self.backend = backend
        self.metrics = metrics
        self.images = images
        self.settingsFile = settingsFile
        self.terminalHandoff = terminalHandoff
        self.resources = resources
        self.contextSwitcher = contextSwitcher
        self.mouse = mouse
    }
}
