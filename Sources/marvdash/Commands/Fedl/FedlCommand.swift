import ArgumentParser

/// `marvdash fedl`: federated DynHP — a server, its clients, or both in one process.
struct FedlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fedl",
        abstract: "Federated DynHP: clients prune while they learn on their own data; a server averages weights and gates.",
        subcommands: [FedlServerCommand.self, FedlClientCommand.self, FedlSimulateCommand.self])
}
