import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// One embedded cluster, a kubeconfig for it and a private folder (kubectl's
/// HOME and cache, manifest files), for tests that drive the real kubectl.
final class KubectlSession {
    let cluster: EmbeddedCluster
    let dir: URL
    var config: String { dir.appendingPathComponent("kubeconfig").path }
    var store: ClusterStore { cluster.store }

    init() throws {
        cluster = try EmbeddedCluster.start()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try cluster.writeKubeconfig(to: config)
    }

    func close() {
        cluster.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    func kubectl(_ args: [String], environment: [String: String] = [:]) throws -> KubectlRunner.Run {
        try KubectlRunner(kubeconfig: config, workDirectory: dir).run(args, environment: environment)
    }

    /// Writes `text` to `name` in the session folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        return path
    }

    /// Waits (generous deadline, woken by the store's changes) for `ready` to hold.
    func waitFor(_ ready: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while !ready() {
            let rv = store.resourceVersion
            if Date() > deadline { return false }
            _ = store.waitForChange(after: rv, until: min(deadline, Date().addingTimeInterval(1)))
        }
        return true
    }

    /// Pods of `namespace` whose name starts with `prefix`.
    func pods(_ namespace: String, prefix: String) -> [JSONValue] {
        store.list("pods", namespace: namespace).items.filter {
            ($0.at("metadata", "name")?.stringValue ?? "").hasPrefix(prefix)
        }
    }
}
