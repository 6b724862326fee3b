import Foundation
import MarvelCore
import MarvelNet
import Testing

@testable import MarvelSim

/// The embedded server keeps each object's list-item text from when it was
/// written and assembles list pages from those texts: after every kind of
/// write (create, update, modify, delete, a delete held by finalizers, the
/// last finalizer removed) every page must be byte for byte the fresh encoding
/// of the objects the store holds.
@Suite struct ListItemTextTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// A JSON value with what encoding must get right: escapes, non-ASCII, numbers, nesting.
    static func value(_ rng: inout Xoshiro256, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int.random(in: -1_000_000...1_000_000, using: &rng))
        case 3: return .double(Double(Int.random(in: -9_999...9_999, using: &rng)) / 8)
        case 4: return .string(text(&rng))
        case 5: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default:
            var o = JSONObject()
            for _ in 0..<Int.random(in: 0...3, using: &rng) { o[text(&rng)] = value(&rng, depth: depth + 1) }
            return .object(o)
        }
    }

    static func text(_ rng: inout Xoshiro256) -> String {
        let pieces = ["a", "kafka", "\"", "\\", "\n", "\t", "\u{01}", "\u{7F}", "é", "日本", "🙂", "/", " ", "x-y.z"]
        return (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined()
    }

    static func object(_ kind: String, _ name: String, _ rng: inout Xoshiro256, finalizers: Bool) -> JSONValue {
        var metadata: JSONObject = ["name": .string(name), "labels": ["app": .string(text(&rng))]]
        if kind == "Pod" || kind == "ConfigMap" { metadata["namespace"] = .string(["default", "marvel"][Int.random(in: 0...1, using: &rng)]) }
        if finalizers { metadata["finalizers"] = ["marvdash.io/test"] }
        return [
            "kind": .string(kind), "apiVersion": "v1", "metadata": .object(metadata),
            "spec": value(&rng, depth: 0), "data": ["k": .string(text(&rng))],
        ]
    }

    /// Every page of `resource`'s list (at `limit` a page) against the fresh encoding of the store's objects.
    static func checkPages(_ handler: KubeAPIHandler, _ store: ClusterStore, path: String, resource: String, limit: Int) throws {
        var token: String?
        var seen: [JSONValue] = []
        var pages = 0
        repeat {
            var query = ["limit": String(limit)]
            if let token { query["continue"] = token }
            let response = handler.handle(ServerRequest(method: "GET", path: path, query: query, headers: ["host": "127.0.0.1:6443"]))
            guard case .bytes(let body) = response.body else {
                Issue.record("GET \(path) streamed")
                return
            }
            #expect(response.status == 200)
            let page = try JSONValue.parse(body)
            let items = page["items"]?.arrayValue ?? []
            // The same objects, read from the store and encoded now.
            let stored = items.map { item -> JSONValue in
                store.get(resource, namespace: item.at("metadata", "namespace")?.stringValue ?? "",
                          name: item.at("metadata", "name")?.stringValue ?? "") ?? .null
            }
            let fresh: JSONValue = [
                "kind": page["kind"] ?? .null, "apiVersion": page["apiVersion"] ?? .null, "metadata": page["metadata"] ?? .null,
                "items": .array(stored.map(ListItemText.withoutTypeMeta)),
            ]
            let encoded = fresh.jsonBytes()
            #expect(body == encoded, """
                \(path) page \(pages) differs from a fresh encoding:
                served \(String(decoding: body, as: UTF8.self))
                fresh  \(String(decoding: encoded, as: UTF8.self))
                """)
            seen += stored
            token = page.at("metadata", "continue")?.stringValue
            pages += 1
        } while token != nil && pages < 1_000
        #expect(seen == store.list(resource).items, "\(path): the pages hold every object once, in order")
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func pagesEqualAFreshEncodingAfterEveryWrite(seed: UInt64) throws {
        var rng = Xoshiro256(seed: seed)
        let now = Self.now
        let store = ClusterStore(clock: { now })
        let handler = KubeAPIHandler(store: store)
        let kinds: [(resource: String, kind: String, path: String)] = [
            ("configmaps", "ConfigMap", "/api/v1/configmaps"), ("nodes", "Node", "/api/v1/nodes"),
        ]
        var counts: [String: Int] = [:]
        for step in 0..<200 {
            let k = kinds[Int.random(in: 0..<kinds.count, using: &rng)]
            let existing = store.list(k.resource).items
            let pick: JSONValue? = existing.isEmpty ? .none : .some(existing[Int.random(in: 0..<existing.count, using: &rng)])
            let ns = pick?.at("metadata", "namespace")?.stringValue ?? ""
            let name = pick?.at("metadata", "name")?.stringValue ?? ""
            switch (Int.random(in: 0..<6, using: &rng), pick) {
            case (0, _), (_, .none):
                let fresh = Self.object(k.kind, "o\(step)", &rng, finalizers: Bool.random(using: &rng))
                try store.create(k.resource, fresh)
                counts["create", default: 0] += 1
            case (1, let old?):
                var replaced = Self.object(k.kind, name, &rng, finalizers: false)
                replaced["metadata"]?["namespace"] = old.at("metadata", "namespace")
                try store.update(k.resource, replaced)
                counts["update", default: 0] += 1
            case (2, _):
                let spec = Self.value(&rng, depth: 0)
                try store.modify(k.resource, namespace: ns, name: name) { $0["spec"] = spec }
                counts["modify", default: 0] += 1
            case (3, let old?) where old.at("metadata", "finalizers") != nil:
                // The finalizer's owner is done: a held delete completes, anything else is modified.
                try store.modify(k.resource, namespace: ns, name: name) { $0["metadata"]?["finalizers"] = nil }
                counts[old.at("metadata", "deletionTimestamp") == nil ? "unfinalize" : "finalize", default: 0] += 1
            default:
                let held = Finalizers.pending(try #require(pick), resource: k.resource)
                try store.delete(k.resource, namespace: ns, name: name)
                counts[held ? "held delete" : "delete", default: 0] += 1
            }
            for kind in kinds {
                try Self.checkPages(handler, store, path: kind.path, resource: kind.resource, limit: Int.random(in: 1...7, using: &rng))
            }
        }
        // Every kind of write happened.
        for op in ["create", "update", "modify", "delete", "held delete", "finalize"] {
            #expect(counts[op, default: 0] > 0, "seed \(seed): no \(op) in 200 steps")
        }
    }

    @Test func theStoreKeepsTheTextOfEveryObjectItHolds() throws {
        let fixture = try SimFixture()
        for resource in ["pods", "nodes", "namespaces", "services", "deployments"] {
            let page = fixture.store.page(resource, namespace: nil, after: nil, limit: nil, countRemaining: false) { _ in true }
            #expect(!page.items.isEmpty)
            #expect(page.texts == page.items.map(ListItemText.bytes(of:)), "\(resource)")
            #expect(fixture.store.state.withLock { $0.encoded[resource]?.count } == page.items.count)
        }
    }
}
