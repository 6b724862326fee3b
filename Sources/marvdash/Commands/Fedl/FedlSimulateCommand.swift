import ArgumentParser
import Foundation
import MarvelCore
import MarvelNet
import Synchronization

/// `marvdash fedl simulate`: a server and K clients in one process, talking over loopback HTTP
/// exactly as separate processes do; every metrics line (the server's `fedl.round`, the
/// clients' `dynhp.epoch`) on stdout.
struct FedlSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a federated DynHP server and K clients in one process (loopback HTTP).",
        discussion: """
            Each client gets shard k/K of --dataset (--split iid or by-class); the server evaluates \
            the global model on the dataset's validation and test sets. --flaky P makes each client \
            lose its link in a round with probability P (it goes silent and the round goes on \
            without it). Example: marvdash fedl simulate --clients 2 --rounds 20 --dataset fashion-mnist
            """)

    @Option(help: "Clients.") var clients: Int = 2
    @Option(name: .customLong("min-clients"), help: "Quorum (default: all clients, or 1 with --flaky).") var minClients: Int?
    @Option(help: ArgumentHelp("iid or by-class.", valueName: "split")) var split: String = "iid"
    @Option(help: ArgumentHelp("Probability that a client loses its link in a round (0…1).", valueName: "p")) var flaky: Double = 0
    @Option(help: ArgumentHelp("Folder for the checkpoint and the final model.", valueName: "dir")) var out: String?
    @Option(name: .customLong("run-id"), help: "Run id in the metrics lines (default: generated).") var runID: String?
    @Option(help: "OpenBLAS threads per client.") var threads: Int = 1
    @OptionGroup var rounds: FedlRoundOptions
    @OptionGroup var trainer: FedlTrainerOptions
    @OptionGroup var data: FedlDataOptions

    func validate() throws {
        guard (1...64).contains(clients) else { throw ValidationError("--clients must be from 1 to 64, got \(clients)") }
        guard FedLSplit(rawValue: split) != nil else { throw ValidationError("--split must be iid or by-class, got '\(split)'") }
        guard (0...1).contains(flaky) else { throw ValidationError("--flaky must be a probability from 0 to 1, got \(flaky)") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be from 1 to 64, got \(threads)") }
        if let m = minClients, !(1...clients).contains(m) {
            throw ValidationError("--min-clients must be from 1 to --clients (\(clients)), got \(m)")
        }
        _ = try rounds.config(trainer: try trainer.config(), minClients: 1)
    }

    func run() throws {
        let code = try reportingFailures { () throws -> Int32 in
            let stop = DynhpStopRequest()
            defer { stop.release() }
            BLASThreads.set(threads)
            var config = try rounds.config(trainer: try trainer.config(), minClients: minClients ?? (flaky > 0 ? 1 : clients))
            config.startClients = clients  // every client of the simulation is there from the start
            // A flaky client goes silent for 8 heartbeats (2 s): the server counts it gone after 1 s.
            if flaky > 0 { config.clientTimeout = min(config.clientTimeout, 1) }
            let full = try data.load()
            guard full.train.dimension == config.trainer.widths[0], full.train.classes == config.trainer.widths.last else {
                throw CommandFailure("--arch \(trainer.arch) does not fit \(full.name) (\(full.train.dimension) features, \(full.train.classes) classes)")
            }
            let store = out.map { FedLCheckpoint(outputDirectory: $0) }
            if let store, store.exists {
                throw CommandFailure("--out \(out ?? ""): already holds a checkpoint; choose another --out")
            }
            let coordinator = FedLCoordinator(start: .fresh(runID: runID ?? FedlServerHooks.generatedRunID(), config: config))
            let server = try HTTPServer(host: "127.0.0.1", port: 0, handler: FedLService(coordinator: coordinator))
            server.start()
            defer { server.stop() }
            let printer = FedlLinePrinter()
            let log = FedlLog(prefix: "marvdash fedl simulate")
            log("server on \(server.baseURL); \(clients) clients, \(config.rounds) rounds, \(split) split of \(full.name)")
            let finished = startClients(url: server.baseURL, data: full, stop: stop.requestedCheck, printer: printer)
            let outcome = try coordinator.run(
                shouldStop: stop.requestedCheck,
                hooks: FedlServerHooks.make(log: log, store: store, evaluation: full, out: out, print: { printer.line($0) }))
            for done in finished { done.wait() }
            return outcome == .completed ? 0 : 128 + stop.receivedSignal
        }
        if code != 0 { throw ExitCode(code) }
    }

    /// Starts each client's session on its own thread; the semaphores signal their ends.
    private func startClients(url: String, data full: DynHPData, stop: @escaping @Sendable () -> Bool, printer: FedlLinePrinter)
        -> [DispatchSemaphore]
    {
        let splitKind = FedLSplit(rawValue: split) ?? .iid
        let flaky = self.flaky, count = clients, seed = UInt64(trainer.seed)
        return (1...count).map { k in
            let done = DispatchSemaphore(value: 0)
            let local = FedLShard(index: k, count: count, split: splitKind, seed: 1).apply(to: full)
            let thread = Thread {
                let log = FedlLog(prefix: "marvdash fedl client \(k)")
                let session = FedLClientSession(
                    channel: FedLChannel(server: url, retryFor: 60), clientID: String(k), data: .loaded(local), seed: seed,
                    shouldStop: stop,
                    dropsRound: { round in
                        var rng = Xoshiro256(seed: seed &* 1_000_003 &+ UInt64(k) &* 7_919 &+ UInt64(round))
                        return flaky > 0 && rng.nextUnitDouble() < flaky
                    },
                    log: { log($0) }, emit: { printer.line($0.jsonLine()) })
                do {
                    _ = try session.run()
                } catch {
                    log("\(error)")
                }
                done.signal()
            }
            thread.name = "marvdash-fedl-client-\(k)"
            thread.stackSize = 4 << 20
            thread.start()
            return done
        }
    }
}

/// Prints whole lines on stdout from several threads.
final class FedlLinePrinter: Sendable {
    private let lock = Mutex(())

    func line(_ text: String) {
        lock.withLock { _ in
            print(text)
            fflush(nil)
        }
    }
}
