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

    @Option(parsing: .unconditional, help: "Nodes in the large synthetic cluster.") var nodes = 5_000
    @Option(parsing: .unconditional, help: "Pods in the large synthetic cluster.") var pods = 50_000
    @Option(parsing: .unconditional, help: "Frames to time (the median is reported).") var runs = 30
    @Flag(name: .customLong("over-http"), help: "Measure the console against marvdash sim --nodes --pods over HTTP instead (make bench runs both).")
    var overHTTP = false
    @Option(parsing: .unconditional, help: "Seconds of the idle window over HTTP.") var idleSeconds = 60.0
    @Option(help: ArgumentHelp("Only these rows: all, trainer (the MLP trainer), conv (L0 resnet-28-1 next to PyTorch) or placement.",
                               valueName: "rows"))
    var only: Rows = .all
    @Option(parsing: .unconditional, help: "OpenBLAS (and PyTorch) threads of the conv rows.") var threads = 2

    /// Row groups of `--only`.
    enum Rows: String, ExpressibleByArgument, CaseIterable {
        case all, trainer, conv, placement
    }

    func validate() throws {
        guard nodes >= 1 else { throw ValidationError("--nodes must be at least 1, got \(nodes)") }
        guard pods >= 0 else { throw ValidationError("--pods must be 0 or more, got \(pods)") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
        guard idleSeconds >= 5 else { throw ValidationError("--idle-seconds must be at least 5, got \(idleSeconds)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard !overHTTP || only == .all else { throw ValidationError("--only and --over-http do not go together: --over-http measures the console over HTTP only") }
    }

    func run() throws {
        if overHTTP {
            try reportingFailures {
                let rows = try WireBench(nodes: nodes, pods: pods, idleSeconds: idleSeconds, changes: 5).rows()
                print(BenchRow.format(rows))
            }
            return
        }
        if only != .all {
            try reportingFailures {
                switch only {
                case .trainer: print(BenchRow.format(try TrainerBench.rows()))
                case .conv: print(BenchRow.format(try ConvTrainerBench.rows(threads: threads)))
                case .placement: print(BenchRow.format(PlacementBench.rows()))
                case .all: break
                }
            }
            return
        }
        try reportingFailures {
            var rows: [BenchRow] = []
            rows.append(BenchRow(name: "first frame, embedded cluster (200x60)", measured: try firstFrame(), budget: 150, unit: "ms"))

            // The console's data path: each publish decodes a fresh cluster, prepared (Nodes view
            // model built, old snapshots freed off the main loop) as the caches' publisher does.
            let fresh = FreshSnapshotSource(nodes: nodes, pods: pods)
            let prepare = try preparation()
            rows.append(BenchRow(name: "snapshot preparation (publisher thread, off the main loop)", measured: prepare,
                            budget: 2000, unit: "ms"))

            try fresh.publish()
            let console = Console(options: ConsoleOptions(
                source: fresh.source, contextName: "bench", namespace: "default", serverURL: "http://bench", environment: [:]))
            let screen = MemoryScreen(rows: 60, columns: 200)
            let now = Date()
            console.render(on: screen, now: now)
            let newData = try newDataFrame(fresh, console, screen, now)
            rows.append(BenchRow(name: "frame after new data, \(nodes) nodes / \(pods) pods", measured: newData, budget: 10, unit: "ms"))
            let frame = Stopwatch.median(runs: runs) { console.render(on: screen, now: now) }
            rows.append(BenchRow(name: "full frame, \(nodes) nodes / \(pods) pods (200x60)", measured: frame, budget: 10, unit: "ms"))
            let key = Stopwatch.median(runs: runs) {
                _ = console.handle(.char("j"))
                console.render(on: screen, now: now)
            }
            rows.append(BenchRow(name: "key to screen (j + frame)", measured: key, budget: 50, unit: "ms"))
            rows.append(BenchRow(name: "filter keystroke (/ typing + frame)", measured: filterKeystroke(console, screen, now),
                            budget: 10, unit: "ms"))
            let filteredNewData = try newDataFrame(fresh, console, screen, now)
            rows.append(BenchRow(name: "frame after new data, filter active", measured: filteredNewData, budget: 10, unit: "ms"))
            rows.append(BenchRow(name: "resident memory with \(pods) pods cached", measured: Stopwatch.residentMiB(), budget: 200, unit: "MiB"))
            rows += try TrainerBench.rows()
            rows += try ConvTrainerBench.rows(threads: threads)
            rows += PlacementBench.rows()
            print(BenchRow.format(rows))
        }
    }

    /// The median time the poller's thread spends building the Nodes view model of a snapshot.
    private func preparation() throws -> Double {
        let fetched = try SyntheticCluster.snapshot(nodes: nodes, pods: pods)
        return Stopwatch.median(runs: 3) { _ = fetched.preparingNodeInventory() }
    }

    /// The median time the main loop takes after a publish: read the new state (the old
    /// snapshot let go), rebuild the Nodes table, draw. The publish itself (decode and
    /// preparation, the publisher thread's work) is not timed.
    private func newDataFrame(_ fresh: FreshSnapshotSource, _ console: Console, _ screen: MemoryScreen, _ now: Date) throws -> Double {
        var samples: [Double] = []
        for _ in 0..<max(3, runs / 6) {
            // Publishes come apart: let the previous snapshot be freed off the main thread first.
            Thread.sleep(forTimeInterval: 0.3)
            try fresh.publish()
            samples.append(Stopwatch.milliseconds {
                _ = console.sync()
                console.render(on: screen, now: now)
            })
        }
        Thread.sleep(forTimeInterval: 0.3)
        samples.sort()
        return samples[samples.count / 2]
    }

    /// The median time of one keystroke typed at the `/` prompt plus the frame after it:
    /// "node-1" typed and erased again, each step re-filtering every node. Leaves "node-1" set.
    private func filterKeystroke(_ console: Console, _ screen: MemoryScreen, _ now: Date) -> Double {
        let text = Array("node-1")
        var samples: [Double] = []
        _ = console.handle(.char("/"))
        for _ in 0..<max(1, runs / 10) {
            for c in text {
                samples.append(Stopwatch.milliseconds {
                    _ = console.handle(.char(c))
                    console.render(on: screen, now: now)
                })
            }
            for _ in text {
                samples.append(Stopwatch.milliseconds {
                    _ = console.handle(.backspace)
                    console.render(on: screen, now: now)
                })
            }
        }
        for c in text { _ = console.handle(.char(c)) }
        _ = console.handle(.enter)
        samples.sort()
        return samples[samples.count / 2]
    }

    /// Start → embedded cluster up → the console's watch caches synced over HTTP → first frame drawn.
    private func firstFrame() throws -> Double {
        let start = Stopwatch.now()
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let target = KubeTarget(contextName: "bench", clusterName: "bench", server: cluster.serverURL, sourceDescription: "embedded")
        let source = CacheDataSource(cache: ClusterCache(client: KubeClient(target: target), fallbackNamespace: "default"))
        source.start()
        defer { source.stop() }
        let console = Console(options: ConsoleOptions(
            source: source, contextName: "bench", namespace: "default", serverURL: cluster.serverURL, embedded: true,
            environment: [:]))
        let screen = MemoryScreen(rows: 60, columns: 200)
        while source.current().snapshot == nil {
            console.render(on: screen, now: Date())
            Thread.sleep(forTimeInterval: 0.002)
        }
        console.render(on: screen, now: Date())
        return Double(Stopwatch.now() - start) / 1e6
    }
}
