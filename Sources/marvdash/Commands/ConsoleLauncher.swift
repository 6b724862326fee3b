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
        return try reportingFailures {
            let settings = try SettingsLoader(environment: environment).load()
            let theme = try loadTheme(flags.theme ?? settings.theme ?? "default")
            try TrainingSources.check(files: flags.metrics)
            var options = cluster
            if options.namespace == nil { options.namespace = settings.namespace }
            let session = try ClusterSession.open(options, environment: environment)
            defer { session.close() }
            let cache = ClusterCache(
                client: session.client,
                settings: ClusterCacheSettings(usageInterval: settings.refreshSeconds, livenessQuiet: settings.livenessSeconds),
                fallbackNamespace: session.target.namespace)
            let registry = try templates.registryChoice(settings: settings, embedded: session.embedded).client(settings: settings, quiet: true)
            let backend = Self.backend(session: session, cache: cache, settings: settings, templates: templates, registry: registry)
            let images = registry.map { client in
                RegistryBrowser(
                    client: client, templates: { [backend] in backend.catalog().templates },
                    automatic: templates.automatic(settings: settings, namespace: session.target.namespace, embedded: session.embedded),
                    mirrors: RegistryChoice.mirrors(settings: settings, flag: templates.registry, embedded: session.embedded))
            }
            let training = TrainingSources(files: flags.metrics, cache: cache)
            training.start()
            defer { training.stop() }
            let consoleOptions = ConsoleOptions(
                theme: theme, source: CacheDataSource(cache: cache, layerRules: settings.layerRules), contextName: session.target.contextName,
                namespace: session.target.namespace, serverURL: session.target.displayServer, embedded: session.embedded != nil,
                layerRules: settings.layerRules, readOnly: flags.readOnly || settings.readOnly, environment: environment,
                warnings: session.target.warnings + (registry?.warnings ?? []), backend: backend, metrics: training.feed, images: images,
                settingsFile: settings.source ?? SettingsLoader(environment: environment).path, terminalHandoff: session.terminal)
            do {
                return try runConsole(consoleOptions)
            } catch let e as TerminalUnavailable {
                throw CommandFailure(Self.withoutPrefix(e.description), exitCode: 2)
            }
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
