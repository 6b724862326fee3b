import ArgumentParser
import Foundation
import MarvelCore

/// The flags of a federated run that the server decides: rounds, quorum, selection, weighting,
/// privacy and timeouts (`fedl server` and `fedl simulate`).
struct FedlRoundOptions: ParsableArguments {
    @Option(help: "Federated rounds.") var rounds: Int = 10
    @Option(name: .customLong("strategy"), help: ArgumentHelp("Client selection: all, fraction or nus.", valueName: "name"))
    var strategy: String = "all"
    @Option(help: "Share of connected clients asked per round (fraction and nus).") var fraction: Double = 0.5
    @Option(name: .customLong("nus-min-value"), help: "nus: ask no client whose value is below this share of the best.")
    var nusMinValue: Double = 0.5
    @Option(help: ArgumentHelp("examples (FedAvg: weighted by examples) or mean (the seed's plain mean).", valueName: "rule"))
    var weighting: String = "examples"
    @Option(name: .customLong("round-timeout"), help: ArgumentHelp("Seconds a round waits for asked clients that are still alive.", valueName: "seconds"))
    var roundTimeout: Double = 600
    @Option(name: .customLong("client-timeout"), help: ArgumentHelp("Seconds of silence after which a client counts as gone.", valueName: "seconds"))
    var clientTimeout: Double = 20
    @Option(name: .customLong("dp-clip"), help: ArgumentHelp("Clip each client's update to this L2 norm before it leaves the client (0: off).", valueName: "C"))
    var dpClip: Double = 0
    @Option(name: .customLong("dp-noise"), help: ArgumentHelp("Add Gaussian noise σ·C to each coordinate of a clipped update.", valueName: "σ"))
    var dpNoise: Double = 0

    func validate() throws {
        guard FedLStrategy(rawValue: strategy) != nil else { throw ValidationError("--strategy must be all, fraction or nus, got '\(strategy)'") }
        guard FedLWeighting(rawValue: weighting) != nil else { throw ValidationError("--weighting must be examples or mean, got '\(weighting)'") }
    }

    func config(trainer: DynHPConfig, minClients: Int) throws -> FedLRunConfig {
        let config = FedLRunConfig(
            trainer: trainer, rounds: rounds, minClients: minClients, strategy: FedLStrategy(rawValue: strategy) ?? .all,
            fraction: fraction, nusMinValue: nusMinValue, weighting: FedLWeighting(rawValue: weighting) ?? .examples,
            privacy: FedLPrivacy(clip: dpClip, noise: dpNoise), roundTimeout: roundTimeout, clientTimeout: clientTimeout)
        if let problem = config.problem { throw ValidationError(problem) }
        return config
    }
}

/// Where the server evaluates the global model after each round (`--eval`).
struct FedlEvalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Evaluate the global model each round on this dataset's validation and test sets: fashion-mnist, mnist, synthetic or none.", valueName: "name"))
    var eval: String = "none"
    @Option(name: .customLong("eval-data"), help: ArgumentHelp("Folder with the IDX files of --eval.", valueName: "dir"))
    var evalData: String?
    @Option(name: .customLong("synthetic-train"), help: "Training examples of the synthetic dataset (its validation and test sets are a sixth of it).")
    var syntheticTrain = 6_000

    func validate() throws {
        guard eval == "none" || DatasetKind(rawValue: eval) != nil else {
            throw ValidationError("--eval must be none or one of \(DatasetKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(eval)'")
        }
        guard eval != DatasetKind.avccSynthetic.rawValue else {
            throw ValidationError("--eval avcc-synthetic is a regression set for convolutional model files; federated DynHP evaluates MLP classifiers")
        }
    }

    /// The evaluation data shaped like `widths`, or nil for none.
    func load(widths: [Int]) throws -> DynHPData? {
        guard let kind = DatasetKind(rawValue: eval) else { return nil }
        var synthetic = SyntheticDataset(dimension: widths[0], classes: widths[widths.count - 1], trainCount: syntheticTrain)
        synthetic.validationCount = max(10, syntheticTrain / 6)
        synthetic.testCount = max(10, syntheticTrain / 6)
        let data = try DatasetLoader(synthetic: synthetic).load(kind, directory: evalData)
        guard data.test.dimension == widths[0], data.test.classes == widths[widths.count - 1] else {
            throw CommandFailure("--eval \(eval) has \(data.test.dimension) features and \(data.test.classes) classes; --arch must start with \(data.test.dimension) and end with \(data.test.classes)")
        }
        return data
    }
}

/// The shared secret of a run (`--token-file`, else $MARVDASH_FEDL_TOKEN); never printed.
enum FedlToken {
    static let environment = "MARVDASH_FEDL_TOKEN"

    static func load(file: String?) throws -> String? {
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure("--token-file \(file): cannot read it; check the path")
            }
            let token = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !token.isEmpty else { throw CommandFailure("--token-file \(file): the file is empty; put the shared token on its first line") }
            return token
        }
        let env = ProcessInfo.processInfo.environment[environment]?.trimmingCharacters(in: .whitespaces) ?? ""
        return env.isEmpty ? nil : env
    }
}

/// `--listen ADDR`: host:port, :port or port; IPv6 hosts in brackets.
struct FedlListenAddress: Equatable {
    var host: String
    var port: Int

    init?(_ text: String) {
        var host = "0.0.0.0", portText = text
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = String(text[text.index(close, offsetBy: 2)...])
        } else if let colon = text.lastIndex(of: ":") {
            if colon != text.startIndex { host = String(text[..<colon]) }
            portText = String(text[text.index(after: colon)...])
        }
        guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}
