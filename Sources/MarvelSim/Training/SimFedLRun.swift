import Foundation
import MarvelCore
import MarvelNet

/// One federated pod's run, on its own thread: a server (a real `HTTPServer` on a loopback
/// port serving `FedLService`, registered in the directory under its Service name) or a
/// client (`FedLClientSession` against the server its `--server` names), at the cluster's
/// reduced scale with synthetic data. Metrics lines and progress lines go to the pod's log.
struct SimFedLRun: Sendable {
    /// Seconds a client waits for its server to start (`marvdash fedl client --retry-for`'s default).
    static let serverWait = 600.0

    var pod: String
    var namespace: String
    /// The pod's `app` label: the Service name a server is reached by.
    var app: String
    var command: SimFedLCommand
    var scale: SimTrainingScale
    var directory: SimFedLDirectory
    var log: TrainerLog
    var stop: StopSignal

    func run() -> SimTrainingStatus {
        do {
            switch command.role {
            case .server: return try serve()
            case .client: return try train()
            }
        } catch {
            log.append("marvdash: \(error)")
            return .failed(reason: "\(error)", exitCode: 1)
        }
    }

    private func serve() throws -> SimTrainingStatus {
        let config = command.runConfig(scale: scale)
        if let problem = config.problem { throw SimTrainingError(pod: pod, problem: problem) }
        let coordinator = FedLCoordinator(start: .fresh(runID: pod, config: config), minimumRoundSeconds: 2 * scale.minimumEpochSeconds)
        let server = try HTTPServer(host: "127.0.0.1", port: 0, handler: FedLService(coordinator: coordinator))
        server.start()
        directory.register(namespace: namespace, service: app, url: server.baseURL)
        defer {
            directory.remove(namespace: namespace, service: app, url: server.baseURL)
            server.stop()
        }
        let data = scale.dataset(for: config.trainer).generate()
        let log = self.log, stop = self.stop
        log.append("marvdash fedl server: embedded cluster: listening as \(app):8080 (\(server.baseURL)); --arch "
                   + "\(command.trainer.widths.map(String.init).joined(separator: "-")) reduced to "
                   + config.trainer.widths.map(String.init).joined(separator: "-"))
        let outcome = try coordinator.run(
            shouldStop: { stop.isRequested },
            hooks: FedLRunHooks(
                log: { log.append("marvdash fedl server: \($0)") }, emit: { log.append($0.jsonLine()) },
                evaluate: { network in MetricErrors(val: data.validation.error(of: network), test: data.test.error(of: network)) },
                dataset: SimTrainingScale.datasetName))
        coordinator.stop()
        return outcome == .completed ? .succeeded : .failed(reason: "stopped before the last round", exitCode: 143)
    }

    private func train() throws -> SimTrainingStatus {
        let service = SimFedLDirectory.service(inURL: command.server)
        let log = self.log, stop = self.stop, scale = self.scale, shard = command.shard
        var url = directory.url(namespace: namespace, service: service)
        if url == nil { log.append("marvdash fedl client \(command.clientID): waiting for the server \(service) in \(namespace)") }
        let giveUp = Date().addingTimeInterval(Self.serverWait)
        while url == nil {
            if stop.isRequested { return .failed(reason: "stopped before the server started", exitCode: 143) }
            if Date() >= giveUp {
                throw SimTrainingError(pod: pod, problem: "no federated server \(service) in \(namespace) after \(Int(Self.serverWait)) s; deploy fedl-dynhp-server as \(service) or fix --server")
            }
            stop.wait(until: Date().addingTimeInterval(0.2))
            url = directory.url(namespace: namespace, service: service)
        }
        let session = FedLClientSession(
            channel: FedLChannel(server: url ?? command.server, retryFor: 30), clientID: command.clientID,
            data: .shapedBy { arch, seed in
                var data = scale.dataset(for: DynHPConfig(widths: arch, seed: seed)).generate()
                data.name = SimTrainingScale.datasetName
                return shard.apply(to: data)
            },
            seed: command.trainer.seed, shouldStop: { stop.isRequested },
            log: { log.append("marvdash fedl client \(command.clientID): \($0)") }, emit: { log.append($0.jsonLine()) })
        switch try session.run() {
        case .done: return .succeeded
        case .stopped: return .failed(reason: "stopped before the run ended", exitCode: 143)
        case .abandoned(let round): return .failed(reason: "left in round \(round) without an answer", exitCode: 3)
        }
    }
}
