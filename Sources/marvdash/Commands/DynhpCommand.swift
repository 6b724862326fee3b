import ArgumentParser

/// `marvdash dynhp`: train DNNs with Dynamic Hard Pruning and evaluate the compact models.
struct DynhpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dynhp",
        abstract: "Train and prune an MLP or an L0 convolutional network with DynHP (or the HP/SP baselines); evaluate a trained model; reproduce the seed's Table 4; sweep settings on the cluster.",
        subcommands: [DynhpTrainCommand.self, DynhpModelsCommand.self, DynhpEvalCommand.self, DynhpReproduceCommand.self, DynhpSweepCommand.self])
}
