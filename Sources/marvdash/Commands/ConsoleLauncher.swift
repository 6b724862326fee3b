import Foundation
import Glibc
import MarvelCore
import MarvelTUI

/// Starts the full-screen console: checks the terminal first (so a pipe or
/// TERM=dumb gets its message at once), then settings, theme and cluster.
struct ConsoleLauncher {
    var cluster: ClusterOptions
    var flags: ConsoleFlags
    var templates: TemplateSourceOptions
    var environment: [String: String] = ProcessInfo.processInfo.environment

    func run() throws -> Int32 {
        do {
            try TerminalUnavailable.check(
                environment: environment, stdinIsTTY: isatty(STDIN_FILENO) == 1, stdoutIsTTY: isatty(STDOUT_FILENO) == 1)
        } catch {
            throw CommandFailure(Self.withoutPrefix(error.description), exitCode: 2)
        }
        // Before the caches' threads allocate: a few arenas keep fewer free chunks than glibc's 8 per core.
        FreedMemory.capArenas(environment: environment)
        return try reportingFailures {
            let settings = try SettingsLoader(environment: environment).load()
            let theme = try loadTheme(flags.theme ?? settings.theme ?? "default")
            try TrainingSources.check(files: flags.metrics)
            var options = cluster
            if options.namespace == nil { options.namespace = settings.namespace }
            let session = try ClusterSession.open(options, environment: environment)
            defer { session.close() }
            let registry = try templates.registryChoice(settings: settings, embedded: session.embedded).client(settings: settings, quiet: true)
            let connect = Self.connector(settings: settings, templates: templates, registry: registry, metricsFiles: flags.metrics)
            let first = try connect(session)
            defer { first.close() }
            let images = registry.map { client in
                RegistryBrowser(
                    client: client, templates: { [backend = first.backend] in backend?.catalog().templates ?? [] },
                    automatic: templates.automatic(settings: settings, namespace: session.target.namespace, embedded: session.embedded),
                    mirrors: RegistryChoice.mirrors(settings: settings, flag: templates.registry, embedded: session.embedded))
            }
            // `:ctx` needs a kubeconfig; the embedded cluster is the only context of its console.
            let switcher: KubeconfigContextSwitcher? = session.embedded == nil
                ? KubeconfigContextSwitcher(cluster: options, environment: environment, terminal: session.terminal, connect: connect) : nil
            let consoleOptions = ConsoleOptions(
                theme: theme, source: first.source, contextName: session.target.contextName,
                namespace: session.target.namespace, serverURL: session.target.displayServer, embedded: session.embedded != nil,
                layerRules: settings.layerRules, readOnly: flags.readOnly || settings.readOnly, environment: environment,
                warnings: first.warnings, backend: first.backend, metrics: first.metrics, images: images,
                settingsFile: settings.source ?? SettingsLoader(environment: environment).path, terminalHandoff: session.terminal,
                resources: first.resources, contextSwitcher: switcher, mouse: flags.mouse || settings.mouse)
            do {
                return try runConsole(consoleOptions)
            } catch let e as TerminalUnavailable {
                throw CommandFailure(Self.withoutPrefix(e.description), exitCode: 2)
            }
        }
    }

    /// How the console connects to a session's cluster (at start and on `:ctx`): the watch
    /// cache, its data source, the backend, the training sources and the resource views.
    private static func connector(
        settings: Settings, templates: TemplateSourceOptions, registry: RegistryClient?, metricsFiles: [String]
    ) -> @Sendable (ClusterSession) throws -> ConsoleConnectionParts {
        { session in
            let cache = ClusterCache(
                client: session.client,
                settings: ClusterCacheSettings(usageInterval: settings.refreshSeconds, livenessQuiet: settings.livenessSeconds),
                fallbackNamespace: session.target.namespace)
            let backend = Self.backend(session: session, cache: cache, settings: settings, templates: templates, registry: registry)
            let training = TrainingSources(files: metricsFiles, cache: cache)
            training.start()
            return ConsoleConnectionParts(
                source: CacheDataSource(cache: cache, layerRules: settings.layerRules), backend: backend,
                resources: LiveResourceSource(client: session.client), metrics: training.feed, contextName: session.target.contextName,
                namespace: session.target.namespace, serverURL: session.target.displayServer,
                warnings: session.target.warnings + (registry?.warnings ?? []),
                close: { training.stop() })
        }
    }

    /// Templates, instances and actions for the console: the CLI's template folders
    /// and automatic values, the session's namespace.
    private static func backend(
        session: ClusterSession, cache: ClusterCache, settings: Settings, templates source: TemplateSourceOptions,
        registry: RegistryClient?
    ) -> LiveConsoleBackend {
        let namespace = session.target.namespace
        return LiveConsoleBackend(
            client: session.client, cache: cache, namespace: namespace, templateDirectories: source.directories(settings: settings),
            automatic: source.automatic(settings: settings, namespace: namespace, embedded: session.embedded), layerRules: settings.layerRules,
            imagePlatforms: registry.map { RegistryPlatformLookup(client: $0) },
            pullCredentials: RegistryChoice.pullCredentials(settings: settings),
            mirrors: RegistryChoice.mirrors(settings: settings, flag: source.registry, embedded: session.embedded))
    }

    /// A theme by name (searched in Themes/ folders) or by file path.
    private func loadTheme(_ nameOrPath: String) throws -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") {
            return try Theme.load(path: nameOrPath)
        }
        let paths = ResourceLocator(environment: environment).searchPaths(for: "Themes")
        if paths.isEmpty && nameOrPath == "default" { return .builtinDefault }
        return try Theme.load(named: nameOrPath, searchPaths: paths)
    }

    private static func withoutPrefix(_ s: String) -> String {
        s.hasPrefix("marvdash: ") ? String(s.dropFirst("marvdash: ".count)) : s
    }
}
