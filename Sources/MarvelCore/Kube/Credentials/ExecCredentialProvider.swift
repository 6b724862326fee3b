import Foundation
import Synchronization

/// Credentials from a client.authentication.k8s.io exec plugin, as kubectl gets
/// them: the plugin runs on first use and again when its credential expired
/// (`expirationTimestamp`) or the server answered 401; in between the answer is
/// cached. One plugin runs at a time. Whether it may prompt follows
/// `interactiveMode` and whether a terminal exists; a prompting plugin gets the
/// terminal through the `TerminalHandoff` (the console suspends itself for it).
public final class ExecCredentialProvider: CredentialProvider {
    public let config: ExecConfig
    public var summary: String { "exec plugin \(config.command)" }
    let terminal: TerminalHandoff
    /// Seconds a plugin that does not prompt may run.
    let timeout: Double
    private let now: @Sendable () -> Date
    private let environment: [String: String]

    private struct Cached {
        var credential: ExecCredential?
        var generation = 0
    }

    private let cache = Mutex(Cached())
    /// Held while a plugin runs, so concurrent requests wait for one answer.
    private let running = NSLock()

    public init(
        config: ExecConfig, terminal: TerminalHandoff, timeout: Double = 120,
        environment: [String: String] = ProcessInfo.processInfo.environment, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.config = config
        self.terminal = terminal
        self.timeout = timeout
        self.environment = environment
        self.now = now
    }

    public func credentials() throws(CredentialError) -> RequestCredentials {
        if let fresh = cachedCredentials() { return fresh }
        running.lock()
        defer { running.unlock() }
        if let fresh = cachedCredentials() { return fresh }  // another thread ran the plugin meanwhile
        let credential = try runPlugin()
        return cache.withLock { c in
            c.credential = credential
            c.generation += 1
            return credential.credentials(generation: c.generation)
        }
    }

    public func renew(after used: RequestCredentials) -> Bool {
        cache.withLock { c in
            if c.generation == used.generation { c.credential = nil }
        }
        return true
    }

    private func cachedCredentials() -> RequestCredentials? {
        let time = now()
        return cache.withLock { c in
            guard let credential = c.credential else { return nil }
            if let expiry = credential.expiration, expiry <= time { return nil }
            return credential.credentials(generation: c.generation)
        }
    }

    /// Runs the plugin once (lending it the terminal when it may prompt) and reads its answer.
    private func runPlugin() throws(CredentialError) -> ExecCredential {
        let interactive: Bool
        switch config.interactiveMode {
        case .never: interactive = false
        case .ifAvailable: interactive = terminal.hasTerminal
        case .always:
            guard terminal.hasTerminal else { throw .pluginNeedsTerminal(user: config.user, command: config.command) }
            interactive = true
        }
        var env = environment
        for variable in config.env { env[variable.name] = variable.value }
        env["KUBERNETES_EXEC_INFO"] = config.execInfo(interactive: interactive).jsonString()
        let process = ExecPluginProcess(
            command: config.command, arguments: config.args, environment: env, interactive: interactive,
            timeout: interactive ? 0 : timeout)
        let result: Result<ExecPluginProcess.Outcome, ExecPluginProcess.StartError>
        if interactive {
            let box = PluginResultBox()
            terminal.lend { box.set(Result { () throws(ExecPluginProcess.StartError) in try process.run() }) }
            result = box.get() ?? .failure(.other("the terminal was not lent"))
        } else {
            result = Result { () throws(ExecPluginProcess.StartError) in try process.run() }
        }
        let outcome: ExecPluginProcess.Outcome
        switch result {
        case .success(let o): outcome = o
        case .failure(.notFound):
            throw .pluginNotFound(user: config.user, command: config.command, installHint: config.installHint)
        case .failure(.other(let detail)):
            throw .pluginNotStarted(user: config.user, command: config.command, detail: detail)
        }
        let stderr = String(decoding: outcome.stderr, as: UTF8.self).trimmingWhitespace()
        if outcome.timedOut { throw .pluginTimedOut(user: config.user, command: config.command, seconds: Int(timeout)) }
        guard outcome.exitCode == 0 else {
            throw .pluginFailed(user: config.user, command: config.command, status: outcome.statusText, stderr: stderr)
        }
        do {
            return try ExecCredential(output: outcome.stdout, apiVersion: config.apiVersion)
        } catch {
            throw .pluginOutput(user: config.user, command: config.command, problem: error.text)
        }
    }
}

/// Carries a plugin run's result out of the closure that ran it with the terminal.
private final class PluginResultBox: Sendable {
    private let value = Mutex<Result<ExecPluginProcess.Outcome, ExecPluginProcess.StartError>?>(nil)
    func set(_ result: Result<ExecPluginProcess.Outcome, ExecPluginProcess.StartError>) { value.withLock { $0 = result } }
    func get() -> Result<ExecPluginProcess.Outcome, ExecPluginProcess.StartError>? { value.withLock { $0 } }
}
