import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash nodes`: the Nodes pane's grouped view, without curses.
struct NodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes",
        abstract: "List the nodes of each layer (cloud, fog, edge) with capacity, requests and usage.")

    @OptionGroup var cluster: ClusterOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format.", valueName: "format"))
    var output: OutputFormat = .table

    @Option(name: .long, help: ArgumentHelp(
        "Show only nodes matching this text (name, site, arch, status, layer, taint, label k=v); re:REGEX for a regular expression.",
        valueName: "text"))
    var filter: String = ""

    func validate() throws {
        if let problem = NodeInventory.filterProblem(filter) { throw ValidationError("--filter: \(problem)") }
    }

    func run() throws {
        try reportingFailures {
            let session = try ClusterSession.open(cluster)
            defer { session.close() }
            session.printNotes()
            let settings = try SettingsLoader().load()
            let snapshot = try session.client.fetchSnapshot(usage: true)
            if snapshot.usage == nil {
                FileHandle.standardError.write(Data("marvdash: the metrics API (metrics.k8s.io) is not available: showing requests only\n".utf8))
            }
            let inventory = NodeInventory(snapshot: snapshot, rules: settings.layerRules, filter: filter)
            switch output {
            case .table:
                print(inventory.table(width: terminalWidth()), terminator: "")
            case .json:
                print(inventory.json().prettyJSONString())
            case .yaml:
                print(YAML.emit(inventory.json()), terminator: "")
            }
        }
    }
}

/// The width tables are cut to: $COLUMNS when set, else the terminal's width when stdout is a
/// terminal, else 0 — no cut when the output goes to a pipe or a file, as kubectl does.
func terminalWidth() -> Int {
    if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c), n >= 40 { return n }
    var size = winsize()
    if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 {
        return Int(size.ws_col)
    }
    return 0
}
