import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash fedl client`: one federated DynHP client training on its shard of a dataset;
/// its local epochs as `dynhp.epoch` lines on stdout, progress on stderr.
struct FedlClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Join a federated DynHP server and train on this client's shard of the data.",
        discussion: """
            The client joins --server, waits to be asked, trains the round's global model for the \
            server's --local-epochs on its shard (--shard i/K of the training and validation data; \
            the test set stays whole), prunes as DynHP does, and sends back its weights and gate \
            parameters as NPY tensors. It rejoins a restarted server and keeps retrying an \
            unreachable one for --retry-for seconds. Example: marvdash fedl client --server \
            http://fedl:8080 --cid 1 --shard 1/2 --dataset fashion-mnist
            """)

    @Option(help: ArgumentHelp("The server, http://HOST:PORT.", valueName: "url")) var server: String
    @Option(help: ArgumentHelp("This client's id (letters, digits, . _ -).", valueName: "id")) var cid: String
    @Option(help: ArgumentHelp("This client's part of the data: i/K (1 ≤ i ≤ K).", valueName: "i/K")) var shard: String = "1/1"
    @Option(help: ArgumentHelp("iid (random) or by-class (each client sees a range of classes).", valueName: "split"))
    var split: String = "iid"
    @Option(name: .customLong("split-seed"), help: "Seed of the iid split (the same for every client of a run).") var splitSeed: Int = 1
    @Option(name: .customLong("token-file"), help: ArgumentHelp("A file whose first line is the server's token (else $MARVDASH_FEDL_TOKEN).", valueName: "file"))
    var tokenFile: String?
    @Option(name: .customLong("retry-for"), help: ArgumentHelp("Seconds to keep retrying an unreachable server before giving up.", valueName: "seconds"))
    var retryFor: Double = 600
    @Option(help: "OpenBLAS threads.") var threads: Int = 1
    @Option(name: .customLong("exit-in-round"),
            help: ArgumentHelp("Fault injection: take round N's task, then exit (status 3) without answering, as a client that crashes mid-round.", valueName: "N"))
    var exitInRound: Int?
    @OptionGroup var data: FedlDataOptions

    func validate() throws {
        guard FedLCoordinator.validClientID(cid) else { throw ValidationError("--cid must be 1–64 letters, digits, '.', '_' or '-', got '\(cid)'") }
        guard FedLShard.parse(shard) != nil else { throw ValidationError("--shard must be i/K with 1 ≤ i ≤ K, e.g. 1/2; got '\(shard)'") }
        guard FedLSplit(rawValue: split) != nil else { throw ValidationError("--split must be iid or by-class, got '\(split)'") }
        guard splitSeed >= 0 else { throw ValidationError("--split-seed must be 0 or more, got \(splitSeed)") }
        guard retryFor > 0 else { throw ValidationError("--retry-for must be positive, got \(retryFor)") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be from 1 to 64, got \(threads)") }
        if let exitInRound, exitInRound < 1 { throw ValidationError("--exit-in-round must be a round number from 1, got \(exitInRound)") }
        guard !server.isEmpty else { throw ValidationError("--server must be the server's URL, e.g. http://fedl-server:8080") }
    }

    func run() throws {
        let code = try reportingFailures { () throws -> Int32 in
            let stop = DynhpStopRequest()
            defer { stop.release() }
            BLASThreads.set(threads)
            let token = try FedlToken.load(file: tokenFile)
            let part = FedLShard.parse(shard, split: FedLSplit(rawValue: split) ?? .iid, seed: UInt64(splitSeed))
                ?? FedLShard(index: 1, count: 1)
            let local = part.apply(to: try data.load())
            let log = FedlLog(prefix: "marvdash fedl client \(cid)")
            log("shard \(part.index)/\(part.count) (\(part.split.rawValue)) of \(local.name): \(local.train.count) training, \(local.validation.count) validation examples")
            let session = FedLClientSession(
                channel: FedLChannel(server: server, token: token, retryFor: retryFor), clientID: cid, data: .loaded(local),
                seed: UInt64(splitSeed), shouldStop: stop.requestedCheck, abandonsRound: exitInRound, log: { log($0) },
                emit: { event in
                    print(event.jsonLine())
                    fflush(nil)
                })
            switch try session.run() {
            case .done: return 0
            case .abandoned(let round):
                log("left in round \(round) as --exit-in-round asked")
                return 3
            case .stopped:
                log("stopped by signal \(stop.receivedSignal); start it again with the same flags to rejoin")
                return 128 + stop.receivedSignal
            }
        }
        if code != 0 { throw ExitCode(code) }
    }
}
