import Foundation
import Testing

@testable import MarvelCore

/// The cache's snapshots updated in place from watch events equal snapshots built
/// from scratch, whatever the sequence of events (seeded, so repeatable).
@Suite struct SnapshotBuilderTests {
    typealias F = InventoryFixture

    /// A random cluster changing event by event, kept in the stores as the reflectors keep them.
    struct World {
        var rng: SeededGenerator
        let stores = SnapshotStores(nodes: KindStore(), pods: KindStore(), namespaces: KindStore(), objects: [:])
        var nodeNames: [String] = []
        var podKeys: [String] = []
        var usage: ClusterUsage?
        var usageRevision = 0
        var serial = 0

        init(seed: UInt64, nodes: Int, pods: Int) {
            rng = SeededGenerator(seed: seed)
            for i in 0..<nodes { addNode("node-\(i)") }
            for _ in 0..<pods { addPod() }
        }

        mutating func node(_ name: String) -> Node {
            let layers = [["marvdash.io/layer": "cloud"], ["marvdash.io/layer": "edge"], ["Layer": "FOG1"], [:]]
            let cpu = ["2", "4", "8", "16"].randomElement(using: &rng) ?? "4"
            return F.node(
                name, labels: layers.randomElement(using: &rng) ?? [:], cpu: cpu, memory: "16Gi",
                gpu: Bool.random(using: &rng) ? "1" : nil, ready: Int.random(in: 0..<5, using: &rng) > 0)
        }

        mutating func addNode(_ name: String) {
            nodeNames.append(name)
            _ = stores.nodes.upsert("/" + name, node(name))
        }

        mutating func pod(_ name: String) -> Pod {
            // Some pods are unscheduled, some bound to a node that does not exist.
            let targets = nodeNames + ["", "ghost-node"]
            var pod = F.pod(
                name, on: targets.randomElement(using: &rng) ?? "", cpu: ["100m", "250m", "1"].randomElement(using: &rng) ?? "1",
                memory: "128Mi", gpu: Int.random(in: 0..<8, using: &rng) == 0 ? "1" : nil,
                phase: ["Running", "Pending", "Succeeded", "Failed"].randomElement(using: &rng) ?? "Running")
            pod.namespace = ["marvel", "default", "kube-system"].randomElement(using: &rng) ?? "marvel"
            return pod
        }

        mutating func addPod() {
            serial += 1
            let p = pod("pod-\(serial)")
            podKeys.append(p.id)
            _ = stores.pods.upsert(p.id, p)
        }

        /// One random watch event (or a usage reading).
        mutating func step() {
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<30: addPod()
            case 30..<55:  // modify a pod: phase, requests, even its node
                guard let key = podKeys.randomElement(using: &rng) else { return addPod() }
                let parts = key.split(separator: "/")
                var p = pod(String(parts[1]))
                p.namespace = String(parts[0])
                _ = stores.pods.upsert(key, p)
            case 55..<75:
                guard !podKeys.isEmpty else { return }
                let key = podKeys.remove(at: Int.random(in: 0..<podKeys.count, using: &rng))
                _ = stores.pods.remove(key)
            case 75..<90:  // a node's status or labels change
                guard let name = nodeNames.randomElement(using: &rng) else { return }
                _ = stores.nodes.upsert("/" + name, node(name))
            case 90..<94:
                serial += 1
                addNode("node-new-\(serial)")
            case 94..<97:
                guard nodeNames.count > 1 else { return }
                let name = nodeNames.remove(at: Int.random(in: 0..<nodeNames.count, using: &rng))
                _ = stores.nodes.remove("/" + name)
            default:
                var nodes: [String: ResourceUsage] = [:]
                for name in nodeNames where Bool.random(using: &rng) {
                    nodes[name] = ResourceUsage(cpu: F.q("\(Int.random(in: 1...900, using: &rng))m"), memory: F.q("1Gi"))
                }
                usage = ClusterUsage(nodes: nodes, collectedAt: Date(timeIntervalSince1970: Double(serial)))
                usageRevision += 1
            }
        }

        func build(with builder: inout SnapshotBuilder, prepared: Bool) -> ClusterSnapshot {
            builder.build(
                from: stores, usage: usage, usageRevision: usageRevision, namespaceOnly: nil, serverVersion: "v1.30.2",
                prepare: prepared ? { $0.preparingNodeInventory() } : nil)
        }
    }

    /// A snapshot built from scratch out of the same stores.
    static func scratch(_ world: World) -> ClusterSnapshot {
        var nodes: [Node] = []
        var pods: [Pod] = []
        for name in world.nodeNames { if let n = world.stores.nodes.item("/" + name) { nodes.append(n) } }
        for key in world.podKeys { if let p = world.stores.pods.item(key) { pods.append(p) } }
        return ClusterSnapshot(nodes: nodes.sorted { $0.name < $1.name }, pods: pods, usage: world.usage)
            .preparingNodeInventory()
    }

    static func expectSame(_ built: ClusterSnapshot, _ expected: ClusterSnapshot, step: Int) {
        #expect(built.nodes == expected.nodes, "nodes differ after step \(step)")
        #expect(built.pods.sorted { $0.id < $1.id } == expected.pods.sorted { $0.id < $1.id }, "pods differ after step \(step)")
        let inventory = NodeInventory(snapshot: built)
        #expect(inventory.groups == expected.nodeInventory?.groups, "Nodes view model differs after step \(step)")
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomEventsGiveTheSameSnapshotAsAFullRebuild(seed: UInt64) {
        var world = World(seed: seed, nodes: 12, pods: 80)
        var builder = SnapshotBuilder(incrementalLimit: 8)
        var previous = world.build(with: &builder, prepared: true)
        Self.expectSame(previous, Self.scratch(world), step: 0)
        for step in 1...150 {
            // Usually one event between snapshots, sometimes a burst (past the limit: a rebuild).
            let events = Int.random(in: 0..<10, using: &world.rng) == 0 ? Int.random(in: 2...20, using: &world.rng) : 1
            for _ in 0..<events { world.step() }
            let snapshot = world.build(with: &builder, prepared: Int.random(in: 0..<4, using: &world.rng) > 0)
            Self.expectSame(snapshot, Self.scratch(world), step: step)
            #expect(snapshot.generation == previous.generation + 1)
            previous = snapshot
        }
    }

    @Test func onePodChangedRecomputesOnlyItsNodesRow() throws {
        let world = World(seed: 7, nodes: 30, pods: 200)
        var builder = SnapshotBuilder(incrementalLimit: 100)
        let before = world.build(with: &builder, prepared: true)
        let key = try #require(world.podKeys.first { world.stores.pods.item($0)?.nodeName.hasPrefix("node-") == true })
        var pod = try #require(world.stores.pods.item(key))
        pod.containers[0].requests["cpu"] = F.q("3")
        #expect(world.stores.pods.upsert(key, pod))
        let after = world.build(with: &builder, prepared: true)

        let old = try #require(before.nodeInventory).rows
        let new = try #require(after.nodeInventory).rows
        #expect(old.count == new.count)
        let kept = zip(old, new).filter { $0.0.isSameRow(as: $0.1) }.count
        #expect(kept == old.count - 1, "only the row of \(pod.nodeName) is new")
        #expect(new.first { $0.name == pod.nodeName }?.pods.contains(pod) == true)
        Self.expectSame(after, Self.scratch(world), step: 1)
    }

    @Test func nothingChangedGivesTheSameSnapshot() {
        let world = World(seed: 9, nodes: 5, pods: 20)
        var builder = SnapshotBuilder(incrementalLimit: 100)
        let first = world.build(with: &builder, prepared: true)
        let again = world.build(with: &builder, prepared: true)
        #expect(again.generation == first.generation)
    }
}
