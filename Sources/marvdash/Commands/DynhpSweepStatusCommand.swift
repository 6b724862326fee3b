import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash dynhp sweep status [NAME]`: each run's node, phase, epoch and latest numbers
/// (every sweep in the namespace when no name is given).
struct DynhpSweepStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Where each run of a sweep is: node and layer, phase, epoch, test error, size.")

    @OptionGroup var cluster: ClusterOptions
    @ParentCommand var root: Marvdash
    @Option(name: .shortAndLong, help: ArgumentHelp("table, json or markdown.", valueName: "format"))
    var output: SweepOutputFormat = .table
    @Argument(help: ArgumentHelp("The sweep (default: every sweep).", valueName: "name")) var name: String?

    func run() throws {
        try SweepSession.run(cluster: cluster, root: root) { session, monitor in
            let names = try name.map { [$0] } ?? monitor.sweeps().map(\.name)
            if names.isEmpty {
                print("No sweeps in namespace \(session.namespace); start one with marvdash dynhp sweep FILE")
                return
            }
            var documents: [JSONValue] = []
            for (i, sweep) in names.enumerated() {
                let report = SweepReport(sweep: sweep, runs: try monitor.states(sweep: sweep))
                switch output {
                case .table:
                    if i > 0 { print("") }
                    print("sweep \(sweep) (\(report.runs.count) runs)")
                    print(SweepReport.text(report.statusTable()), terminator: "")
                case .markdown:
                    print("Sweep `\(sweep)`:\n")
                    print(SweepReport.markdown(report.statusTable()))
                case .json: documents.append(report.json())
                }
            }
            if output == .json { print(JSONValue.array(documents).prettyJSONString()) }
        }
    }
}

/// The `-o` formats of the sweep summaries.
enum SweepOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown
}

/// The cluster session and sweep monitor of the sweep summaries.
enum SweepSession {
    /// Opens the cluster, runs `body` with a monitor of the session's namespace, closes it,
    /// and turns any failure into the CLI's one-line error.
    static func run<T>(cluster: ClusterOptions, root: Marvdash, _ body: (DeploySession, SweepMonitor) throws -> T) throws -> T {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            return try body(session, SweepMonitor(deployer: session.deployer, namespace: session.namespace, rules: settings.layerRules))
        }
    }
}
