import Foundation
import MarvelCore
import MarvelTUI

/// The console against a real API server over HTTP (`marvdash bench --over-http`):
/// a `marvdash sim --nodes N --pods M` child serves a synthetic cluster, and the
/// console's own data path (watch caches, data source, console, a 200x60 screen)
/// runs here, so this process's memory is the console's. Measured: start to the
/// first full frame, requests and bytes per minute while idle (read from the
/// server's `/metrics` and the client's byte counter), resident memory, and the
/// time from a pod created on the server to the change on screen. Malloc's
/// arenas are capped as the console caps them (`MALLOC_ARENA_MAX` overrides).
struct WireBench {
    var nodes: Int
    var pods: Int
    /// Seconds of the idle window.
    var idleSeconds: Double
    /// Pod changes timed (the median is reported).
    var changes: Int

    func rows() throws -> [BenchRow] {
        FreedMemory.capArenas(environment: ProcessInfo.processInfo.environment)
        let sim = try SimChild.start(nodes: nodes, pods: pods)
        defer { sim.stop() }
        // A server that just seeded 50,000 pods runs its controllers over all of them a few
        // times before it settles; a real API server has long settled (and has cores of its
        // own). The console starts once the server's CPU is quiet, as it would be.
        let simPID = String(sim.process.processIdentifier)
        try Self.waitUntilQuiet(pid: simPID)
        let statistics = TransferStatistics()
        let client = KubeClient(target: sim.target, statistics: statistics)
        let cache = ClusterCache(client: client, fallbackNamespace: "default")
        let source = CacheDataSource(cache: cache)
        let console = Console(options: ConsoleOptions(
            source: source, contextName: "bench", namespace: "default", serverURL: sim.target.server, environment: [:]))
        let screen = MemoryScreen(rows: 60, columns: 200)
        var rows: [BenchRow] = []

        // Start to the first frame that shows every node and pod, and to the early one that
        // shows the nodes while the pods are still being listed.
        let cpuBefore = (console: ProcessCPU.milliseconds(), server: ProcessCPU.milliseconds(simPID))
        let start = Stopwatch.now()
        source.start()
        defer { source.stop() }
        // Drawn as the console's loop draws (`runConsole`): when the source's generation
        // changes, and once a second; polled every 5 ms here to time the frame closely.
        var drawn = FrameTrigger()
        var earlyFrame: Double?
        while source.current().snapshot == nil {
            if drawn.renderIfDue(console, source, screen), earlyFrame == nil,
                screen.line(0).contains(ClusterCache.podsLoadingNote)
            {
                earlyFrame = Double(Stopwatch.now() - start) / 1e6
            }
            Thread.sleep(forTimeInterval: 0.005)
            guard Double(Stopwatch.now() - start) / 1e9 < 300 else { throw CommandFailure("bench: the cache never synced") }
        }
        console.render(on: screen, now: Date())
        let firstFrame = Double(Stopwatch.now() - start) / 1e6
        let shownNodes = source.current().snapshot?.nodes.count ?? 0
        let shownPods = source.current().snapshot?.pods.count ?? 0
        rows.append(BenchRow(
            name: "over HTTP: start to first full frame (\(shownNodes) nodes, \(shownPods) pods)", measured: firstFrame,
            budget: 1500, unit: "ms"))
        // The pods may all arrive before a frame showed the nodes alone: then the full frame was the first.
        rows.append(BenchRow(
            name: "over HTTP: start to first frame (\(shownNodes) nodes, pods loading)", measured: earlyFrame ?? firstFrame, budget: 0,
            unit: "ms", isReference: true))
        // Whose CPU the first frame took: the server's (listing) and the console's (reading, decoding, indexing, drawing).
        if let before = cpuBefore.server, let after = ProcessCPU.milliseconds(simPID) {
            rows.append(BenchRow(name: "over HTTP: server CPU, start to first full frame (sim process)", measured: after - before,
                                 budget: 0, unit: "ms", isReference: true))
        }
        if let before = cpuBefore.console, let after = ProcessCPU.milliseconds() {
            rows.append(BenchRow(name: "over HTTP: console CPU, start to first full frame (all threads)", measured: after - before,
                                 budget: 0, unit: "ms", isReference: true))
        }

        // Idle: after the start's reads (server version, first usage read) have settled.
        Thread.sleep(forTimeInterval: 5)
        let before = try sim.requestCounts()
        let bytesBefore = statistics.bytesReceived
        let windowStart = Stopwatch.now()
        while Double(Stopwatch.now() - windowStart) / 1e9 < idleSeconds {
            console.render(on: screen, now: Date())
            Thread.sleep(forTimeInterval: 0.1)
        }
        let minutes = Double(Stopwatch.now() - windowStart) / 6e10
        let after = try sim.requestCounts()
        let bytes = Double(statistics.bytesReceived - bytesBefore)
        // The first /metrics read is counted in the second; neither is the console's.
        let api = Double(after.api - before.api) / minutes
        let probes = Double(after.probes - before.probes) / minutes
        rows.append(BenchRow(
            name: "over HTTP: API requests/min while idle (\(Int(idleSeconds)) s: watches, usage)", measured: api, budget: 5,
            unit: "req"))
        rows.append(BenchRow(
            name: "over HTTP: liveness probes/min while idle (/readyz after 2.5 s of silence)", measured: probes, budget: 0,
            unit: "req", isReference: true))
        rows.append(BenchRow(name: "over HTTP: bytes received/min while idle", measured: bytes / minutes / 1024, budget: 0, unit: "KiB",
                             isReference: true))
        rows.append(BenchRow(name: "over HTTP: resident memory, console with \(shownPods) pods", measured: Stopwatch.residentMiB(),
                             budget: 250, unit: "MiB"))
        if let heap = MallocHeap.now() {
            rows.append(BenchRow(name: "over HTTP: of it, malloc arenas (\(heap.arenas)) and mapped blocks", measured: Double(heap.arenaBytes + heap.mappedBytes) / 1_048_576,
                                 budget: 0, unit: "MiB", isReference: true))
            rows.append(BenchRow(name: "over HTTP: of those, free chunks the arenas keep", measured: Double(heap.freeBytes) / 1_048_576,
                                 budget: 0, unit: "MiB", isReference: true))
        }

        // A pod created on the server, until its node's row shows one more pod.
        var samples: [Double] = []
        let writer = KubeClient(target: sim.target)
        let node = try requireNode(source.current().snapshot)
        _ = console.handle(.char("/"))
        for c in node { _ = console.handle(.char(c)) }
        _ = console.handle(.enter)
        for i in 0..<changes {
            console.render(on: screen, now: Date())
            let before = Self.podCount(of: node, on: screen)
            let pod: JSONValue = [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": ["name": .string("bench-change-\(i)-\(UUID().uuidString.prefix(8).lowercased())"), "namespace": "default"],
                "spec": ["nodeName": .string(node), "containers": [["name": "c", "image": "marvel/sed:1.2",
                                                                   "resources": ["requests": ["cpu": "10m", "memory": "16Mi"]]]]],
                "status": ["phase": "Running"],
            ]
            let sent = Stopwatch.now()
            _ = try writer.send(.post, "/api/v1/namespaces/default/pods", headers: [(name: "Content-Type", value: "application/json")],
                                body: pod.jsonBytes())
            var trigger = FrameTrigger()
            while Self.podCount(of: node, on: screen) == before {
                if !trigger.renderIfDue(console, source, screen) { Thread.sleep(forTimeInterval: 0.002) }
                guard Double(Stopwatch.now() - sent) / 1e9 < 30 else { throw CommandFailure("bench: the change never reached the screen") }
            }
            samples.append(Double(Stopwatch.now() - sent) / 1e6)
            Thread.sleep(forTimeInterval: 0.5)
        }
        samples.sort()
        rows.append(BenchRow(name: "over HTTP: pod created on the server to the screen (median of \(changes))",
                             measured: samples[samples.count / 2], budget: 1000, unit: "ms"))
        return rows
    }

    /// Waits until process `pid` used less than a tenth of a core over a whole second.
    static func waitUntilQuiet(pid: String) throws {
        let deadline = Stopwatch.now() + 300_000_000_000
        var last = ProcessCPU.milliseconds(pid)
        while Stopwatch.now() < deadline {
            Thread.sleep(forTimeInterval: 1)
            let now = ProcessCPU.milliseconds(pid)
            guard let before = last, let after = now else { return }  // no /proc: nothing to wait for
            if after - before < 100 { return }
            last = now
        }
        throw CommandFailure("bench: marvdash sim stayed busy for 5 minutes after it started")
    }

    /// The PODS cell of `node`'s row on the screen, nil when the row is not shown.
    static func podCount(of node: String, on screen: MemoryScreen) -> Int? {
        for row in 0..<screen.rows {
            let line = screen.line(row)
            guard line.hasPrefix(node + " ") else { continue }
            // PODS is the last number before TAINTS: the last whole-number field of the row.
            return line.split(separator: " ").compactMap { Int($0) }.last
        }
        return nil
    }
}

/// When the bench draws a frame: as the console's loop, when the data source's
/// generation changed or a new second began (not on every poll, which would
/// take the CPU the caches need on a 2-core machine).
private struct FrameTrigger {
    var generation: Int?
    var second: Int?

    /// Draws when due; true when it drew.
    @discardableResult
    mutating func renderIfDue(_ console: Console, _ source: CacheDataSource, _ screen: MemoryScreen) -> Bool {
        let now = Date()
        let current = source.current().generation
        let tick = Int(now.timeIntervalSince1970)
        guard current != generation || tick != second else { return false }
        console.render(on: screen, now: now)
        generation = current
        second = tick
        return true
    }
}

/// A node with room, in the middle of the name order.
private func requireNode(_ snapshot: ClusterSnapshot?) throws -> String {
    guard let nodes = snapshot?.nodes.filter({ $0.isReady && !$0.unschedulable && $0.taints.isEmpty }), !nodes.isEmpty else {
        throw CommandFailure("bench: no schedulable node in the synthetic cluster")
    }
    return nodes[nodes.count / 2].name
}
