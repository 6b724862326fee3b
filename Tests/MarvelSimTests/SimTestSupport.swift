import Foundation
import MarvelCore
import MarvelNet
import Testing

@testable import MarvelSim

/// A seeded store and handler at a fixed instant, shared by the handler tests.
struct SimFixture {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-19T08:26:40Z
    let store: ClusterStore
    let handler: KubeAPIHandler

    init(topology: Topology = .marvel) throws {
        let now = SimFixture.now
        store = ClusterStore(clock: { now })
        try topology.seed(into: store, now: now)
        handler = KubeAPIHandler(store: store)
    }

    /// GET `path` (with an optional query and Accept) and parse the JSON body.
    func get(_ path: String, query: [String: String] = [:], accept: String? = nil) throws -> (
        status: Int, json: JSONValue
    ) {
        var headers = ["host": "127.0.0.1:6443"]
        if let accept { headers["accept"] = accept }
        let response = handler.handle(ServerRequest(method: "GET", path: path, query: query, headers: headers))
        guard case .bytes(let body) = response.body else {
            Issue.record("GET \(path): expected a whole body, got a stream")
            return (response.status, .null)
        }
        return (response.status, try JSONValue.parse(body))
    }

    func contentType(_ path: String, accept: String? = nil) -> String? {
        var headers: [String: String] = [:]
        if let accept { headers["accept"] = accept }
        let response = handler.handle(ServerRequest(method: "GET", path: path, headers: headers))
        return response.headers.first { $0.name.lowercased() == "content-type" }?.value
    }
}

/// The Accept header kubectl sends for `get`.
let kubectlTableAccept =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

extension JSONValue {
    /// `metadata.name`.
    var name: String { at("metadata", "name")?.stringValue ?? "" }
    /// `metadata.labels` as a dictionary.
    var labelMap: [String: String] {
        var out: [String: String] = [:]
        for m in at("metadata", "labels")?.objectValue ?? JSONObject() { out[m.key] = m.value.stringValue }
        return out
    }
    /// `items` of a list, or [].
    var items: [JSONValue] { self["items"]?.arrayValue ?? [] }
}
