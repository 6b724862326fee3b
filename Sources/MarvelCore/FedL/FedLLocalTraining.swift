import Foundation

/// A client's local DynHP training in one round (seed 4.2.1, "client side"): evaluate the
/// received global model on the client's validation shard, train `config.epochs` epochs of
/// DynHP from it (hard pruning and dynamic batch sizing as in centralised training), map the
/// pruned network back to global unit indices, apply the privacy option, and report.
public struct FedLLocalTraining {
    /// The client's DynHP settings (from the server), with `epochs` = local epochs per round.
    public var config: DynHPConfig
    public var data: DynHPData
    public var privacy: FedLPrivacy
    /// Examples of the gradient-variance probe.
    public var probeExamples = 1_000

    public init(config: DynHPConfig, data: DynHPData, privacy: FedLPrivacy = FedLPrivacy()) {
        var config = config
        config.emaDecay = 0  // the raw parameters are what gets averaged
        self.config = config
        self.data = data
        self.privacy = privacy
    }

    /// What a round produced: the model to send and the report that goes with it.
    public struct Outcome: Sendable {
        public var model: FedLModel
        public var report: FedLClientReport
        /// The batch size the client ended at (where the next round starts, with dynhp).
        public var batchSize: Int
    }

    /// Trains from `received`; `rng` carries the client's random stream across rounds;
    /// `onEpoch` gets each local epoch's report. Nil when `shouldStop` interrupted it.
    public func train(from received: FedLModel, runID: String, rng: inout Xoshiro256, batchSize: Int?,
                      shouldStop: @escaping @Sendable () -> Bool, onEpoch: (DynHPEpochReport) -> Void) throws -> Outcome? {
        let started = Date()
        let globalValError = data.validation.count > 0 ? data.validation.error(of: received.network) : nil
        let trainer = try DynHPTrainer(startingFrom: received.network, config: config, data: data, runID: runID, rng: rng,
                                       batchSize: batchSize)
        var losses: [Double] = []
        var last: DynHPEpochReport?
        while !trainer.state.isFinished {
            guard let report = trainer.trainEpoch(shouldStop: shouldStop) else { return nil }
            losses.append(report.loss)
            last = report
            onEpoch(report)
        }
        rng = trainer.state.rng
        let positions = trainer.startingUnitPositions
        let trained = trainer.state.model
        let hidden = received.hidden.indices.map { l in positions[l + 1].map { received.hidden[l][$0] } }
        let mapped = FedLModel(network: trained, hidden: hidden)
        guard mapped.network.inputIndices == positions[0].map({ received.network.inputIndices[$0] }) else {
            throw FedLError("the local model's inputs do not map back onto the global model's; this is a bug")
        }
        let local = privacy.apply(local: mapped, received: received, rng: &rng)
        let report = FedLClientReport(
            examples: data.train.count, trainError: last?.trainError, valError: last?.validationError, testError: last?.testError,
            loss: losses.isEmpty ? nil : losses.reduce(0, +) / Double(losses.count), globalValError: globalValError,
            gradientVariance: FedLGradientProbe.variance(of: local.network, on: data.train, limit: probeExamples),
            batchSize: trainer.state.batch.size, epochs: config.epochs,
            seconds: (Date().timeIntervalSince(started) * 1000).rounded() / 1000)
        return Outcome(model: local, report: report, batchSize: trainer.state.batch.size)
    }
}
