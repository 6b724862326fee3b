import Foundation
import MarvelCore
import Synchronization
import Testing

@testable import MarvelSim

/// The real kubectl against the embedded cluster.
@Suite(.serialized) struct KubectlTests {
    /// Runs kubectl with a kubeconfig for a fresh cluster and a private cache dir.
    func kubectl(_ args: [String]) throws -> KubectlRunner.Run {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("kubeconfig").path
        try cluster.writeKubeconfig(to: config)
        return try KubectlRunner(kubeconfig: config, workDirectory: dir).run(args)
    }

    @Test func getNodes() throws {
        let run = try kubectl(["get", "nodes"])
        #expect(run.status == 0, "kubectl failed: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        let header = try #require(lines.first).split(separator: " ", omittingEmptySubsequences: true)
        #expect(header == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"])
        for name in ["psnc-cloud1", "grnfog1", "mtfog1", "unsfog1", "grnedge1", "mtedge1"] {
            #expect(
                lines.contains { $0.hasPrefix(name + " ") && $0.contains(" Ready ") },
                "\(name) not Ready in:\n\(run.stdout)")
        }
        #expect(lines.contains { $0.hasPrefix("psnc-cloud1 ") && $0.contains("control-plane") })
        #expect(lines.contains { $0.hasPrefix("mtedge2 ") && $0.contains(" NotReady ") })
    }

    @Test func getPodsAllNamespaces() throws {
        let run = try kubectl(["get", "pods", "-A"])
        #expect(run.status == 0, "kubectl failed: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        let header = try #require(lines.first).split(separator: " ", omittingEmptySubsequences: true)
        #expect(header == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        #expect(lines.contains { $0.hasPrefix("kube-system ") && $0.contains("coredns-") && $0.contains(" Running ") })
        #expect(lines.contains { $0.contains("etcd-psnc-cloud1") && $0.contains(" Running ") })
        #expect(lines.count - 1 == (try SimFixture().store.count("pods")))
    }

    @Test func getNamespaces() throws {
        let run = try kubectl(["get", "ns"])
        #expect(run.status == 0, "kubectl failed: \(run.stderr)")
        for ns in ["default", "kube-system", "kube-public", "kube-node-lease", "marvel"] {
            #expect(
                run.stdout.split(separator: "\n").contains { $0.hasPrefix(ns + " ") && $0.contains("Active") }, "\(ns)")
        }
    }

    @Test func getNodeAsYAML() throws {
        let run = try kubectl(["get", "node", "grnedge1", "-o", "yaml"])
        #expect(run.status == 0, "kubectl failed: \(run.stderr)")
        #expect(run.stdout.contains("kind: Node"))
        #expect(run.stdout.contains("name: grnedge1"))
        #expect(run.stdout.contains("value: GRNEDGE1"))
        #expect(run.stdout.contains("effect: NoSchedule"))
    }

    @Test func getPodsByLabel() throws {
        let run = try kubectl(["get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-dns"])
        #expect(run.status == 0, "kubectl failed: \(run.stderr)")
        let rows = run.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.hasPrefix("coredns-") && $0.contains(" 1/1 ") && $0.contains(" Running ") })
    }

    @Test func missingPodIsAnError() throws {
        let run = try kubectl(["get", "pod", "ghost", "-n", "default"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("pods \"ghost\" not found"))
    }
}

/// Drains a pipe on a background thread so the other pipe can be read meanwhile.
final class TestPipeReader: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let data = Mutex(Data())

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let bytes = handle.readDataToEndOfFile()
            data.withLock { $0 = bytes }
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data.withLock { $0 }
    }
}
