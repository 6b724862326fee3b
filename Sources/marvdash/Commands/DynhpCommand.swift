import ArgumentParser

/// `marvdash dynhp`: train DNNs with Dynamic Hard Pruning and evaluate the compact models.
struct DynhpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dynhp",
        abstract: "Train and prune an MLP with DynHP (or the HP/SP baselines); evaluate a trained model.",
        subcommands: [DynhpTrainCommand.self, DynhpEvalCommand.self])
}
