import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// The embedded cluster over real HTTP on loopback, with marvdash's own client.
@Suite struct SimHTTPTests {
    let client = HTTPClient(connectTimeout: 5, timeout: 20)

    func withCluster(_ body: (EmbeddedCluster) throws -> Void) throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        try body(cluster)
    }

    @Test func listsNodesOverHTTP() throws {
        try withCluster { cluster in
            #expect(cluster.serverURL.hasPrefix("http://127.0.0.1:"))
            let response = try client.send(HTTPRequest(url: cluster.serverURL + "/api/v1/nodes"))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            let list = try JSONValue.parse(response.body)
            #expect(list["kind"] == "NodeList")
            #expect(list.items.count == cluster.store.count("nodes"))
        }
    }

    @Test func selectorsAndTablesOverHTTP() throws {
        try withCluster { cluster in
            let url =
                cluster.serverURL + "/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dkube-dns&limit=500"
            let pods = try JSONValue.parse(client.send(HTTPRequest(url: url)).body)
            #expect(pods.items.count == 2)
            let table = try client.send(
                HTTPRequest(url: cluster.serverURL + "/api/v1/nodes", headers: [("Accept", kubectlTableAccept)]))
            let json = try JSONValue.parse(table.body)
            #expect(json["kind"] == "Table")
            #expect((json["rows"]?.arrayValue ?? []).contains { $0["cells"]?[1] == "NotReady" })
        }
    }

    @Test func notFoundOverHTTPIsAStatus() throws {
        try withCluster { cluster in
            let response = try client.send(
                HTTPRequest(url: cluster.serverURL + "/api/v1/namespaces/default/pods/ghost"))
            #expect(response.status == 404)
            let status = try JSONValue.parse(response.body)
            #expect(status["reason"] == "NotFound")
            #expect(status["message"] == "pods \"ghost\" not found")
        }
    }

    @Test func kubeconfigPointsAtTheServer() throws {
        try withCluster { cluster in
            let yaml = cluster.kubeconfigYAML(contextName: "demo")
            #expect(yaml.contains("server: \"\(cluster.serverURL)\""))
            #expect(yaml.contains("current-context: \"demo\""))
            #expect(yaml.contains("namespace: default"))
            #expect(yaml.contains("kind: Config"))

            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-sim-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("config").path
            try cluster.writeKubeconfig(to: path)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written == cluster.kubeconfigYAML())
        }
    }

    @Test func unwritableKubeconfigPathIsAClearError() throws {
        try withCluster { cluster in
            do {
                try cluster.writeKubeconfig(to: "/nonexistent-dir/config")
                Issue.record("expected an error")
            } catch let error as KubeconfigWriteError {
                #expect(error.description.hasPrefix("cannot write kubeconfig /nonexistent-dir/config: "))
            }
        }
    }

    @Test func twoClustersGetTheirOwnPorts() throws {
        let a = try EmbeddedCluster.start()
        defer { a.stop() }
        let b = try EmbeddedCluster.start()
        defer { b.stop() }
        #expect(a.serverURL != b.serverURL)
    }
}
