import ArgumentParser
import Dispatch
import Foundation
import MarvelCore
import MarvelSim

/// `marvdash sim`: serves the embedded cluster alone until interrupted, so
/// kubectl and other tools can use it.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Serve the embedded cluster on 127.0.0.1 until interrupted (Ctrl-C); /metrics counts its requests.",
        discussion: "Example: marvdash sim --port 8001 --write-kubeconfig /tmp/marvdash.kubeconfig; then kubectl --kubeconfig /tmp/marvdash.kubeconfig get nodes")

    @Option(name: .long, parsing: .unconditional, help: "TCP port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 0

    @Option(name: .customLong("write-kubeconfig"), help: ArgumentHelp("Write a kubeconfig for the served cluster to this file.", valueName: "file"))
    var writeKubeconfig: String?

    @Option(
        name: .customLong("private-registry"),
        help: ArgumentHelp(
            "A registry whose images pull only with a login (repeatable): pods need a pull Secret with the login the marvdash config or ~/.docker/config.json has for it, else they stay in ErrImagePull/ImagePullBackOff.",
            valueName: "host[:port]"))
    var privateRegistries: [String] = []

    @Option(name: .long, help: ArgumentHelp("Require this bearer token on every request (401 otherwise); the kubeconfig written carries it.", valueName: "token"))
    var token: String?

    @Option(name: .long, help: ArgumentHelp("Serve a large synthetic cluster of this many nodes (layers and sites kept) instead of the MARVEL topology.", valueName: "n"))
    var nodes: Int?

    @Option(name: .long, help: ArgumentHelp("Pods of the synthetic cluster (with --nodes; default 10 per node).", valueName: "n"))
    var pods: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
        if let token, token.isEmpty || token.contains(where: { $0.isWhitespace }) {
            throw ValidationError("--token must be a non-empty token without spaces")
        }
        if let nodes, !(1...100_000).contains(nodes) { throw ValidationError("--nodes must be from 1 to 100000, got \(nodes)") }
        if let pods {
            guard nodes != nil else { throw ValidationError("--pods needs --nodes (the synthetic cluster); drop --pods or add --nodes N") }
            guard (0...1_000_000).contains(pods) else { throw ValidationError("--pods must be from 0 to 1000000, got \(pods)") }
        }
        for host in privateRegistries where RegistryEndpoint(parsing: host) == nil || host.contains("/") {
            throw ValidationError("--private-registry \(host): write the registry as host[:port], e.g. registry.marvel-platform.eu")
        }
    }

    /// Each private registry with the login the operator's config holds for it.
    func privateRegistryLogins() throws -> PrivateRegistries {
        let settings = try SettingsLoader().load()
        let source = ConfiguredPullCredentials(settings: settings.registry, settingsFile: settings.source ?? SettingsLoader().path)
        var accepted: [String: [PrivateRegistries.Login]] = [:]
        for host in privateRegistries {
            let credentials: RegistryCredentials?
            do { credentials = try source.credentials(forRegistry: host) } catch { throw CommandFailure("--private-registry \(host): \(error)") }
            guard let credentials else {
                throw CommandFailure(
                    "--private-registry \(host): no login for \(host) in the marvdash config or ~/.docker/config.json; run 'docker login \(host)' or set registry.username and password")
            }
            accepted[host, default: []].append(PrivateRegistries.Login(username: credentials.username, password: credentials.password))
        }
        return PrivateRegistries(accepted)
    }

    func run() throws {
        try reportingFailures {
            // Catch signals before announcing the server: a script that reads the
            // announcement (or the kubeconfig) and stops us at once must get a clean stop.
            let registries = try privateRegistryLogins()
            let signals = SignalWaiter()
            let cluster: EmbeddedCluster
            do {
                let tokens: Set<String> = token.map { [$0] } ?? []
                if let nodes {
                    let synthetic = SyntheticTopology(nodes: nodes, pods: pods ?? nodes * 10)
                    cluster = try EmbeddedCluster.start(port: port, synthetic: synthetic, privateRegistries: registries, tokens: tokens)
                } else {
                    cluster = try EmbeddedCluster.start(port: port, privateRegistries: registries, tokens: tokens)
                }
            } catch {
                throw CommandFailure("cannot serve the embedded cluster on 127.0.0.1:\(port): \(error)")
            }
            defer { cluster.stop() }
            if let path = writeKubeconfig {
                do {
                    try cluster.writeKubeconfig(to: path, token: token)
                } catch {
                    throw CommandFailure("--write-kubeconfig \(path): \(error)")
                }
            }
            print("marvdash: embedded cluster serving at \(cluster.serverURL)"
                + (nodes != nil ? " (synthetic: \(cluster.store.count("nodes")) nodes, \(cluster.store.count("pods")) pods)" : "")
                + (token != nil ? " (bearer token required)" : ""))
            for host in privateRegistries { print("marvdash: images on \(host) pull only with its login (a pull Secret)") }
            if let path = writeKubeconfig { print("marvdash: kubeconfig written to \(path); try: kubectl --kubeconfig \(path) get nodes") }
            print("marvdash: press Ctrl-C to stop")
            fflush(nil)
            let signal = signals.wait()
            print("marvdash: stopping (\(signal == SIGINT ? "interrupted" : "terminated"))")
        }
    }
}
