import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash dynhp sweep collect NAME`: the results of a sweep's runs, read from the
/// `run.end` lines in their pods' logs.
struct DynhpSweepCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect", abstract: "The results of a sweep's runs (from their run.end lines): table, json or markdown.")

    @OptionGroup var cluster: ClusterOptions
    @ParentCommand var root: Marvdash
    @Option(name: .shortAndLong, help: ArgumentHelp("table, json or markdown.", valueName: "format"))
    var output: SweepOutputFormat = .table
    @Argument(help: ArgumentHelp("The sweep.", valueName: "name")) var name: String

    func run() throws {
        try SweepSession.run(cluster: cluster, root: root) { _, monitor in
            let report = SweepReport(sweep: name, runs: try monitor.states(sweep: name))
            switch output {
            case .table: print(SweepReport.text(report.collectTable()), terminator: "")
            case .markdown: print(SweepReport.markdown(report.collectTable()), terminator: "")
            case .json: print(report.json().prettyJSONString())
            }
            let open = report.runs.filter { $0.end == nil }.map(\.instance)
            if !open.isEmpty {
                FileHandle.standardError.write(Data("marvdash: sweep \(name): \(open.count) run(s) have not ended yet (\(open.joined(separator: ", ")))\n".utf8))
            }
        }
    }
}

/// `marvdash dynhp sweep delete NAME`: deletes every instance of a sweep.
struct DynhpSweepDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete every instance (Job and record) of a sweep.")

    @OptionGroup var cluster: ClusterOptions
    @ParentCommand var root: Marvdash
    @Flag(name: [.short, .long], help: "Do not ask for confirmation (needed when stdin is not a terminal).") var yes = false
    @Argument(help: ArgumentHelp("The sweep.", valueName: "name")) var name: String

    func run() throws {
        try SweepSession.run(cluster: cluster, root: root) { session, monitor in
            guard let sweep = try monitor.sweeps().first(where: { $0.name == name }) else {
                throw CommandFailure("no sweep \(name) in namespace \(session.namespace)")
            }
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CommandFailure("sweep delete \(name): stdin is not a terminal, so nothing was deleted; add --yes to confirm")
                }
                FileHandle.standardError.write(Data("Delete the \(sweep.instances.count) instances of sweep \(name) (\(sweep.instances.joined(separator: ", ")))? [y/N] ".utf8))
                let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else { throw CommandFailure("sweep delete \(name): not confirmed; nothing was deleted") }
            }
            for instance in sweep.instances {
                let removed = try session.deployer.delete(name: instance, namespace: session.namespace)
                print("deleted \(instance) (\(removed.count) objects)")
            }
        }
    }
}
