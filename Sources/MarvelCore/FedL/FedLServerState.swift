/// Everything a federated server needs to continue after its last completed round (what its
/// checkpoint holds): the run, its configuration, the global model, the clients' histories
/// and the selection's random generator.
public struct FedLServerState: Sendable, Equatable {
    public var runID: String
    public var config: FedLRunConfig
    /// Rounds completed (the next round is `round + 1`).
    public var round: Int
    public var model: FedLModel
    public var history: [String: FedLClientHistory]
    public var rng: Xoshiro256

    public init(runID: String, config: FedLRunConfig, round: Int, model: FedLModel, history: [String: FedLClientHistory],
                rng: Xoshiro256) {
        self.runID = runID
        self.config = config
        self.round = round
        self.model = model
        self.history = history
        self.rng = rng
    }

    /// A new run: the initial model of `config.trainer` (its widths and seed), no client yet.
    public static func fresh(runID: String, config: FedLRunConfig) -> FedLServerState {
        FedLServerState(runID: runID, config: config, round: 0,
                        model: .initial(widths: config.trainer.widths, seed: config.trainer.seed), history: [:],
                        rng: Xoshiro256(seed: config.trainer.seed &+ 0x5EED))
    }

    public var isFinished: Bool { round >= config.rounds }
}
