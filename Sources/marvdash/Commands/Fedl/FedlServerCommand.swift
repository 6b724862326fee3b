import ArgumentParser
import Foundation
import MarvelCore
import MarvelNet

/// `marvdash fedl server`: runs the rounds of a federated DynHP run and serves its clients over
/// HTTP; `run.start`, `fedl.round` and `run.end` lines on stdout, progress on stderr.
struct FedlServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run a federated DynHP server: rounds, FedAvg of weights and gates, flaky clients.",
        discussion: """
            Clients (marvdash fedl client) join over HTTP; each round the server asks some of them \
            (--strategy), waits until every asked client has answered or gone silent (or --round-timeout \
            passes) with at least --min-clients results, averages weights and gate parameters, prunes \
            units whose averaged gate is closed, and sends the global model back. With --out DIR it \
            checkpoints after every round (DIR/checkpoint) and writes the final model (DIR/model); \
            --resume continues at the next round. Example: marvdash fedl server --rounds 20 \
            --min-clients 2 --listen 0.0.0.0:8080 --out runs/fl
            """)

    @Option(name: .customLong("min-clients"), help: "Quorum: clients needed to start and to complete a round.") var minClients: Int = 2
    @Option(name: .customLong("start-clients"), help: "Clients the first round waits for (default: --min-clients).") var startClients: Int?
    @Option(help: ArgumentHelp("Address to listen on: HOST:PORT, :PORT or PORT (0: any free port).", valueName: "addr"))
    var listen: String = "0.0.0.0:8080"
    @Option(help: ArgumentHelp("Folder for the checkpoint and the final model.", valueName: "dir")) var out: String?
    @Flag(help: "Continue the run checkpointed in --out at its next round (start it when there is no checkpoint yet, as a restarted pod does).")
    var resume = false
    @Option(name: .customLong("token-file"), help: ArgumentHelp("A file whose first line is the shared token clients must send (else $MARVDASH_FEDL_TOKEN).", valueName: "file"))
    var tokenFile: String?
    @Option(name: .customLong("run-id"), help: "Run id in the metrics lines (default: generated).") var runID: String?
    @Option(help: "OpenBLAS threads for the evaluation.") var threads: Int = 1
    @OptionGroup var rounds: FedlRoundOptions
    @OptionGroup var trainer: FedlTrainerOptions
    @OptionGroup var evaluation: FedlEvalOptions

    func validate() throws {
        guard FedlListenAddress(listen) != nil else { throw ValidationError("--listen must be HOST:PORT, :PORT or PORT, got '\(listen)'") }
        guard minClients >= 1 else { throw ValidationError("--min-clients must be at least 1, got \(minClients)") }
        if let n = startClients, n < minClients { throw ValidationError("--start-clients must be at least --min-clients (\(minClients)), got \(n)") }
        guard !resume || out != nil else { throw ValidationError("--resume needs --out DIR (the folder of the checkpoint)") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be from 1 to 64, got \(threads)") }
        _ = try rounds.config(trainer: try trainer.config(), minClients: minClients)
    }

    func run() throws {
        let code = try reportingFailures { () throws -> Int32 in
            let stop = DynhpStopRequest()
            defer { stop.release() }
            BLASThreads.set(threads)
            var wanted = try rounds.config(trainer: try trainer.config(), minClients: minClients)
            wanted.startClients = max(minClients, startClients ?? minClients)
            let token = try FedlToken.load(file: tokenFile)
            let evalData = try evaluation.load(widths: wanted.trainer.widths)
            let store = out.map { FedLCheckpoint(outputDirectory: $0) }
            let start = try startState(wanted, store)
            let address = FedlListenAddress(listen) ?? FedlListenAddress("0.0.0.0:8080")!
            let coordinator = FedLCoordinator(start: start, token: token)
            let server = try HTTPServer(host: address.host, port: address.port, handler: FedLService(coordinator: coordinator))
            server.start()
            defer { server.stop() }
            let log = FedlLog(prefix: "marvdash fedl server")
            log("listening on http://\(address.host):\(server.port) — run \(start.runID), round \(start.round + 1) of \(wanted.rounds), quorum \(wanted.minClients)\(token == nil ? "" : ", token required")")
            let outcome = try coordinator.run(
                resumed: resume, shouldStop: stop.requestedCheck,
                hooks: FedlServerHooks.make(log: log, store: store, evaluation: evalData, out: out))
            guard outcome == .interrupted else { return 0 }
            let sig = stop.receivedSignal
            log("stopped by signal \(sig)" + (store == nil ? "; no --out was given, so nothing was saved" : "; continue with the same flags plus --resume"))
            return 128 + sig
        }
        if code != 0 { throw ExitCode(code) }
    }

    private func startState(_ wanted: FedLRunConfig, _ store: FedLCheckpoint?) throws -> FedLServerState {
        if resume, let store, !store.exists {
            FedlLog(prefix: "marvdash fedl server")("--resume: no checkpoint in \(store.directory) yet; starting the run")
        }
        if resume, let store, store.exists {
            var state = try store.load()
            guard state.config.trainer == wanted.trainer, state.config.weighting == wanted.weighting else {
                throw CommandFailure("--resume: the checkpoint in \(store.directory) was made with different model or training settings (\(state.config.trainer.flags.joined(separator: " ")) --local-epochs \(state.config.trainer.epochs) --weighting \(state.config.weighting.rawValue)); pass the same flags (rounds, strategy and timeouts may change)")
            }
            state.config = wanted
            return state
        }
        if let store, store.exists {
            throw CommandFailure("--out \(out ?? ""): already holds a checkpoint; pass --resume to continue it, or choose another --out")
        }
        return .fresh(runID: runID ?? FedlServerHooks.generatedRunID(), config: wanted)
    }
}

/// Lines for people on stderr, with the process's name in front.
struct FedlLog: Sendable {
    let prefix: String

    func callAsFunction(_ text: String) {
        FileHandle.standardError.write(Data("\(prefix): \(text)\n".utf8))
    }
}

/// The hooks a CLI server (or simulation) runs with: metrics on stdout, checkpoints in
/// --out, evaluation on the --eval data, the final model in DIR/model.
enum FedlServerHooks {
    static func make(log: FedlLog, store: FedLCheckpoint?, evaluation: DynHPData?, out: String?,
                     print printLine: @escaping (String) -> Void = { line in
                         print(line)
                         fflush(nil)
                     }) -> FedLRunHooks {
        FedLRunHooks(
            log: { log($0) },
            emit: { printLine($0.jsonLine()) },
            afterRound: { state in try store?.save(state) },
            evaluate: evaluation.map { data in
                { network in MetricErrors(val: data.validation.count > 0 ? data.validation.error(of: network) : nil,
                                          test: data.test.error(of: network)) }
            },
            finish: { model in
                guard let out else { return JSONObject() }
                let dir = (out as NSString).appendingPathComponent("model")
                try ModelArchive.write(model.network.removingClosedGates(), to: dir)
                log("final model written to \(dir) (marvdash dynhp eval \(dir) --dataset …)")
                return ["model_dir": .string(dir)]
            },
            dataset: evaluation?.name ?? "federated")
    }

    static func generatedRunID() -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "fedl-%04d%02d%02dT%02d%02d%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
