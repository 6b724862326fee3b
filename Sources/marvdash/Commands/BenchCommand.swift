import ArgumentParser
import Foundation
import MarvelCore
import MarvelSim
import MarvelTUI

/// `marvdash bench`: measures the budgets of DESIGN.md in one run and prints
/// each next to its budget with the ratio (budget / measured; ≥ 1 meets it).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the console's performance budgets (run by make bench).")

    @Option(help: "Nodes in the large synthetic cluster.") var nodes = 5_000
    @Option(help: "Pods in the large synthetic cluster.") var pods = 50_000
    @Option(help: "Frames to time (the median is reported).") var runs = 30

    struct Row {
        var name: String
        var measured: Double
        var budget: Double
        var unit: String
    }

    func run() throws {
        try reportingFailures {
            var rows: [Row] = []
            rows.append(Row(name: "first frame, embedded cluster (200x60)", measured: try firstFrame(), budget: 150, unit: "ms"))

            let snapshot = try SyntheticCluster.snapshot(nodes: nodes, pods: pods)
            let source = StaticDataSource(snapshot: snapshot, connection: .connected(at: Date()))
            let console = Console(options: ConsoleOptions(
                source: source, contextName: "bench", namespace: "default", serverURL: "http://bench", environment: [:]))
            let screen = MemoryScreen(rows: 60, columns: 200)
            let now = Date()
            let newData = Stopwatch.median(runs: max(3, runs / 5)) {
                source.set(snapshot: snapshot, connection: .connected(at: now))
                _ = console.sync()
                console.render(on: screen, now: now)
            }
            rows.append(Row(name: "frame after new data, \(nodes) nodes / \(pods) pods", measured: newData, budget: 10, unit: "ms"))
            let frame = Stopwatch.median(runs: runs) { console.render(on: screen, now: now) }
            rows.append(Row(name: "full frame, \(nodes) nodes / \(pods) pods (200x60)", measured: frame, budget: 10, unit: "ms"))
            let key = Stopwatch.median(runs: runs) {
                _ = console.handle(.char("j"))
                console.render(on: screen, now: now)
            }
            rows.append(Row(name: "key to screen (j + frame)", measured: key, budget: 50, unit: "ms"))
            rows.append(Row(name: "resident memory with \(pods) pods cached", measured: Stopwatch.residentMiB(), budget: 200, unit: "MiB"))
            print(Self.format(rows))
        }
    }

    /// Start → embedded cluster up → snapshot over HTTP → first frame drawn.
    private func firstFrame() throws -> Double {
        var result = 0.0
        result = try Stopwatch.milliseconds {
            let cluster = try EmbeddedCluster.start()
            defer { cluster.stop() }
            let target = KubeTarget(contextName: "bench", clusterName: "bench", server: cluster.serverURL, sourceDescription: "embedded")
            let snapshot = try KubeClient(target: target).fetchSnapshot()
            let source = StaticDataSource(snapshot: snapshot, connection: .connected(at: Date()))
            let console = Console(options: ConsoleOptions(
                source: source, contextName: "bench", namespace: "default", serverURL: cluster.serverURL, embedded: true,
                environment: [:]))
            console.render(on: MemoryScreen(rows: 60, columns: 200), now: Date())
        }
        return result
    }

    static func format(_ rows: [Row]) -> String {
        let nameWidth = rows.map(\.name.count).max() ?? 10
        var out = "measure".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "    measured      budget   ratio\n"
        for r in rows {
            let ratio = r.measured > 0 ? r.budget / r.measured : .infinity
            let verdict = ratio >= 1 ? "ok" : "OVER BUDGET"
            out += r.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            let unit = r.unit.padding(toLength: 3, withPad: " ", startingAt: 0)
            out += String(format: "  %8.2f ", r.measured) + unit + String(format: " %8.0f ", r.budget) + unit
            out += String(format: " %6.1fx  ", ratio) + verdict + "\n"
        }
        return out
    }
}
