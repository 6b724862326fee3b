import Foundation
import Testing

@testable import MarvelCore
@testable import MarvelSim

/// The one-pass page reader (`ListPageScan`) against the way pages were read before it:
/// the whole page parsed under `DecodingMasks.listPage(of:)`, its metadata read by a
/// separate parse, then each item decoded. On fixtures, seeded random pods and nodes
/// (wrong types in known fields, duplicate keys, escapes, numbers in every form) and
/// hostile mutations of them, all three readers (items parsed under the mask, pods and
/// nodes built straight from their bytes) give the same metadata, items and failure,
/// and refuse exactly the same texts.
@Suite struct ListPageScanEquivalenceTests {
    /// What reading a page gives, comparable across both readers.
    struct Outcome: Equatable {
        var notJSON = false
        var metadata: JSONValue = .null
        var keys: [String] = []
        var pods: [Pod] = []
        var nodes: [Node] = []
        var failure: String?
    }

    static func decodePod(_ json: JSONValue, _ interner: ValueInterner?) throws(KubeDecodingError) -> Pod? {
        try Pod(json: json, sharing: interner)
    }
    static func decodeNode(_ json: JSONValue, _ interner: ValueInterner?) throws(KubeDecodingError) -> Node? {
        try Node(json: json, sharing: interner)
    }

    /// The earlier path: a metadata parse, a masked parse of the page, items decoded until the first failure.
    static func reference<Item>(_ bytes: [UInt8], mask: JSONFieldMask, decode: @escaping ListPageScan<Item>.Decode) -> (Outcome, [Item]) {
        var out = Outcome()
        guard let head = try? JSONValue.parse(bytes, keeping: .fields(["metadata": .all])),
            let page = try? JSONValue.parse(bytes, keeping: DecodingMasks.listPage(of: mask))
        else {
            out.notJSON = true
            return (out, [])
        }
        out.metadata = head["metadata"] ?? .null
        var items: [Item] = []
        let interner = ValueInterner()
        for item in page["items"]?.arrayValue ?? [] {
            guard let key = ObjectKeyText.key(item) else { continue }
            do {
                if let value = try decode(item, interner) {
                    out.keys.append(key)
                    items.append(value)
                }
            } catch {
                out.failure = "\(error)"
                break
            }
        }
        if out.failure != nil { (out.keys, items) = ([], []) }
        return (out, items)
    }

    /// The one-pass reader, with the metadata it reported early.
    static func scanned<Item>(_ bytes: [UInt8], mask: JSONFieldMask, decode: @escaping ListPageScan<Item>.Decode) -> (Outcome, [Item]) {
        scanned(bytes) { try ListPageScan.scan(bytes, itemMask: mask, decode: decode, onMetadata: $0) }
    }

    /// The one-pass reader with `reader` (pods and nodes built straight from their bytes).
    static func read<Item>(_ bytes: [UInt8], _ reader: ListItemReader<Item>) -> (Outcome, [Item]) {
        scanned(bytes) { try ListPageScan.scan(bytes, reader: reader, onMetadata: $0) }
    }

    static func scanned<Item>(_ bytes: [UInt8], _ scan: ((JSONValue) -> Void) throws -> ListPageScan<Item>) -> (Outcome, [Item]) {
        var out = Outcome()
        var reported: [JSONValue] = []
        guard let scan = try? scan({ reported.append($0) }) else {
            out.notJSON = true
            return (out, [])
        }
        #expect(reported.count == 1, "metadata is reported once")
        out.metadata = scan.metadata
        out.failure = scan.failure.map { "\($0)" }
        if out.failure != nil { return (out, []) }
        out.keys = scan.items.map(\.0)
        return (out, scan.items.map(\.1))
    }

    /// Where each reader's `JSONParseError` points, so "refused at the same place" is checked too.
    static func parseError<Item>(_ scan: () throws -> ListPageScan<Item>) -> String? {
        do {
            _ = try scan()
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func expectSame(_ bytes: [UInt8], _ what: String) {
        var (a, pods) = reference(bytes, mask: DecodingMasks.pod, decode: decodePod)
        a.pods = pods
        var (b, scannedPods) = scanned(bytes, mask: DecodingMasks.pod, decode: decodePod)
        b.pods = scannedPods
        #expect(a == b, "\(what) as pods")
        var (direct, directPods) = read(bytes, .pods)
        direct.pods = directPods
        #expect(a == direct, "\(what) as pods read straight from the bytes")
        var (c, nodes) = reference(bytes, mask: DecodingMasks.node, decode: decodeNode)
        c.nodes = nodes
        var (d, scannedNodes) = scanned(bytes, mask: DecodingMasks.node, decode: decodeNode)
        d.nodes = scannedNodes
        #expect(c == d, "\(what) as nodes")
        var (directNode, directNodes) = read(bytes, .nodes)
        directNode.nodes = directNodes
        #expect(c == directNode, "\(what) as nodes read straight from the bytes")
        // Refused at the same line and column, with the same words.
        let masked = parseError { try ListPageScan.scan(bytes, itemMask: DecodingMasks.pod, decode: decodePod) }
        #expect(masked == parseError { try ListPageScan.scan(bytes, reader: .pods) }, "\(what): where pods are refused")
        #expect(masked == parseError { try ListPageScan.scan(bytes, reader: .nodes) }, "\(what): where nodes are refused")
    }

    static func page(_ items: [JSONValue], _ rng: inout SeededGenerator) -> String {
        let metadata: JSONValue = ["resourceVersion": "42", "continue": .string(Bool.random(using: &rng) ? "abc" : "")]
        return RandomPodText.write(
            ["kind": "PodList", "apiVersion": "v1", "metadata": metadata, "items": .array(items)], &rng)
    }

    @Test func syntheticPagesReadTheSame() throws {
        let store = ClusterStore()
        try SyntheticTopology(nodes: 40, pods: 400).seed(into: store)
        var rng = SeededGenerator(seed: 7)
        let pods = Self.page(store.list("pods").items, &rng)
        let nodes = Self.page(store.list("nodes").items, &rng)
        Self.expectSame(Array(pods.utf8), "synthetic pods")
        Self.expectSame(Array(nodes.utf8), "synthetic nodes")
        let (outcome, decoded) = Self.scanned(Array(pods.utf8), mask: DecodingMasks.pod, decode: Self.decodePod)
        #expect(outcome.failure == nil && decoded.count == 400, "every pod decoded")
        #expect(outcome.metadata["resourceVersion"] == "42")
    }

    @Test func randomPagesReadTheSame() {
        var rng = SeededGenerator(seed: 1313)
        for i in 0..<300 {
            let items = (0..<Int.random(in: 0..<5, using: &rng)).map { _ in RandomPodText.object(&rng) }
            Self.expectSame(Array(Self.page(items, &rng).utf8), "page \(i)")
        }
    }

    @Test func hostileMutationsAreRefusedExactlyWhereTheEarlierPathRefusesThem() {
        var rng = SeededGenerator(seed: 4242)
        let junk: [UInt8] = Array("{}[]\",:\\u0 1e9-.+tfnxD8".utf8) + [0xFF, 0xC3, 0x01]
        for i in 0..<800 {
            let items = (0..<Int.random(in: 1..<4, using: &rng)).map { _ in RandomPodText.object(&rng) }
            var bytes = Array(Self.page(items, &rng).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes = Array(bytes[..<at])
                case 1: bytes[at] = junk.randomElement(using: &rng) ?? 0
                case 2: bytes.insert(junk.randomElement(using: &rng) ?? 0, at: at)
                default: bytes.remove(at: at)
                }
            }
            Self.expectSame(bytes, "mutation \(i)")
        }
    }

    @Test(arguments: [
        "", "[]", "null", "{}", "{\"items\":null}", "{\"items\":{}}", "{\"items\":[1,\"x\",null,{}]}",
        "{\"metadata\":{\"continue\":\"a\"},\"items\":[]}x",
        // A failure in a first `items` is forgotten when a second one replaces it.
        "{\"items\":[{\"metadata\":{\"name\":\"a\"},\"spec\":{\"containers\":[{}]}}],\"items\":[{\"metadata\":{\"name\":\"b\"}}]}",
        // A failing item, then text that is not JSON: the page is not JSON.
        "{\"items\":[{\"metadata\":{\"name\":\"a\"},\"status\":{\"capacity\":{\"cpu\":true}},\"spec\":{\"containers\":[1]}},]}",
        "{\"items\":[{\"metadata\":{\"name\":\"a\",\"name\":\"b\",\"labels\":{\"k\":\"v\",\"k\":1}}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"\\uD83D\\uDE80\\u00e9\\uD800x\"},\"spec\":{\"nodeName\":-0.0e-0}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"n\"},\"spec\":{\"overhead\":{\"cpu\":1e999}}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"n\"},\"status\":{\"capacity\":{\"cpu\":\(String(repeating: "9", count: 40))}}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"n\"},\"junk\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
            + "}]}",
        // Nesting at the limit and one past it, inside an item (512 levels from the page).
        "{\"items\":[{\"metadata\":{\"name\":\"n\"},\"junk\":" + String(repeating: "[", count: 509) + String(repeating: "]", count: 509)
            + "}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"n\"},\"junk\":" + String(repeating: "[", count: 510) + String(repeating: "]", count: 510)
            + "}]}",
        "{\"metadata\":{\"continue\":\"\\q\"},\"items\":[]}", "{\"metadata\":{\"continue\":\"a\"},\"metadata\":{\"continue\":\"b\"}}",
        // Members written twice: the later wins, whole (metadata, spec, status, resources), and a quantity
        // map fails at the first key in its written order with the later value.
        "{\"items\":[{\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"1\"}},\"metadata\":{\"name\":\"b\"}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"a\"},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\"}]},\"spec\":{\"overhead\":{}}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"a\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"bad\",\"cpu\":\"1\"}}}]}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"a\"},\"spec\":{\"overhead\":{\"cpu\":\"1\",\"memory\":\"x\",\"cpu\":true}}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"a\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"x\"}},\"resources\":1}]}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"a\",\"deletionTimestamp\":{}},\"status\":{\"reason\":\"NodeLost\"}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"a\",\"deletionTimestamp\":null,\"ownerReferences\":[1,{\"kind\":\"RS\",\"name\":\"r\"},{\"kind\":\"Job\",\"controller\":true}]}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"a\"},\"status\":{\"containerStatuses\":[{\"restartCount\":99999999999999999999,\"state\":{\"terminated\":{\"signal\":9.0}}},{\"restartCount\":4.0,\"ready\":true,\"state\":{\"running\":{}}}]}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"a\"},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"status\":\"False\"}],\"containerStatuses\":[{\"ready\":true,\"state\":{\"running\":{}}},{\"state\":{\"terminated\":{\"reason\":\"Completed\"}}}]}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"n\",\"labels\":{\"kubernetes.io/arch\":\"arm64\",\"k\":\"\\ud83d\\ude80\"}},\"status\":{\"nodeInfo\":{\"architecture\":1},\"images\":[{\"names\":[\"\",2,\"x\"],\"sizeBytes\":1e3},{\"names\":[\"\"]}]}}]}",
        // Nesting inside a field the readers build, at the limit and one past it.
        // (A label's value is 5 levels down: arrays nested 507 deep end at level 511, 508 deep at 512.)
        "{\"items\":[{\"metadata\":{\"name\":\"n\",\"labels\":{\"k\":" + String(repeating: "[", count: 507) + String(repeating: "]", count: 507)
            + "}}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"n\",\"labels\":{\"k\":" + String(repeating: "[", count: 508) + String(repeating: "]", count: 508)
            + "}}}]}",
        // (state.waiting is 7 levels down: 504 nested objects put the 1 at level 511, 505 at 512.)
        "{\"items\":[{\"metadata\":{\"name\":\"n\"},\"status\":{\"containerStatuses\":[{\"state\":{\"waiting\":" + String(repeating: "{\"a\":", count: 504) + "1" + String(repeating: "}", count: 504)
            + "}}]}}]}",
        "{\"items\":[{\"metadata\":{\"name\":\"n\"},\"status\":{\"containerStatuses\":[{\"state\":{\"waiting\":" + String(repeating: "{\"a\":", count: 505) + "1" + String(repeating: "}", count: 505)
            + "}}]}}]}",
    ])
    func hostileFixtures(text: String) {
        Self.expectSame(Array(text.utf8), text.debugDescription)
    }

    /// The equivalence would not notice a reader that drops items or reads them wrong.
    @Test func theComparisonNoticesADifferentDecoding() {
        let bytes = Array("{\"items\":[{\"metadata\":{\"name\":\"a\",\"namespace\":\"x\"}}]}".utf8)
        let (a, _) = Self.reference(bytes, mask: DecodingMasks.pod, decode: Self.decodePod)
        let lossy: ListPageScan<Pod>.Decode = { _, _ in nil }
        let (b, _) = Self.scanned(bytes, mask: DecodingMasks.pod, decode: lossy)
        #expect(a != b)
        #expect(a.keys == ["x/a"])
    }
}

/// Random pod- and node-shaped objects: the fields the decoders read, with wrong types,
/// duplicate keys, escapes and numbers in every form, written as text.
enum RandomPodText {
    static func scalar(_ rng: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int.random(in: -5...5000, using: &rng))
        case 3: return .double([0.5, -0.0, 1e3, 2.5e-3, 1e300, 3.0, 1e16, 9.2e18].randomElement(using: &rng) ?? 0.5)
        case 4: return .array([])
        case 5: return ["k": "v"]
        default: return .string(["100m", "1Gi", "2", "lots", "", "é🚀\"\\/\n", "True", "Ready", "edge-1", "Always"].randomElement(using: &rng) ?? "")
        }
    }

    /// A value for a known field: usually the right shape, sometimes anything.
    static func value(_ rng: inout SeededGenerator, _ right: () -> JSONValue) -> JSONValue {
        Int.random(in: 0..<6, using: &rng) == 0 ? scalar(&rng) : right()
    }

    static func map(_ rng: inout SeededGenerator, keys: [String]) -> JSONValue {
        var o = JSONObject()
        for key in keys where Bool.random(using: &rng) { o[key] = Bool.random(using: &rng) ? scalar(&rng) : .string("1") }
        return .object(o)
    }

    /// `object` with each member kept three times in four.
    static func some(_ members: [(String, JSONValue)], _ rng: inout SeededGenerator) -> JSONValue {
        var o = JSONObject()
        for (key, value) in members where Int.random(in: 0..<4, using: &rng) > 0 { o[key] = value }
        return .object(o)
    }

    static func list(_ rng: inout SeededGenerator, _ make: (inout SeededGenerator) -> JSONValue) -> JSONValue {
        var items: [JSONValue] = []
        for _ in 0..<Int.random(in: 0..<3, using: &rng) { items.append(make(&rng)) }
        return .array(items)
    }

    static func quantities(_ rng: inout SeededGenerator) -> JSONValue { map(&rng, keys: ["cpu", "memory", "nvidia.com/gpu"]) }

    static func container(_ rng: inout SeededGenerator) -> JSONValue {
        if Int.random(in: 0..<6, using: &rng) == 0 { return scalar(&rng) }
        var c = JSONObject()
        if Int.random(in: 0..<8, using: &rng) > 0 { c["name"] = .string(["a", "c", "é"].randomElement(using: &rng) ?? "a") }
        c["image"] = scalar(&rng)
        c["resources"] = ["requests": quantities(&rng), "limits": quantities(&rng)]
        if Bool.random(using: &rng) { c["restartPolicy"] = "Always" }
        c["env"] = [["name": "X"]]
        return .object(c)
    }

    /// An entry of `containerStatuses`: waiting, terminated (by reason, signal or exit code) or running.
    static func containerStatus(_ rng: inout SeededGenerator) -> JSONValue {
        if Int.random(in: 0..<8, using: &rng) == 0 { return scalar(&rng) }
        let state: JSONValue
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: state = ["waiting": some([("reason", .string(["CrashLoopBackOff", "PodInitializing", ""].randomElement(using: &rng) ?? ""))], &rng)]
        case 1: state = ["terminated": some([("reason", scalar(&rng)), ("exitCode", scalar(&rng)), ("signal", scalar(&rng))], &rng)]
        case 2: state = ["running": Bool.random(using: &rng) ? ["startedAt": "2026-01-01T00:00:00Z"] : scalar(&rng)]
        case 3: state = ["terminated": scalar(&rng), "waiting": scalar(&rng)]
        default: state = scalar(&rng)
        }
        return some(
            [("name", .string(["c", "a", "sidecar"].randomElement(using: &rng) ?? "c")), ("ready", scalar(&rng)),
             ("started", scalar(&rng)), ("restartCount", scalar(&rng)), ("state", state)], &rng)
    }

    static func object(_ rng: inout SeededGenerator) -> JSONValue {
        let meta = some(
            [
                ("name", .string(["a", "web-1", "é", "", "edge-1"].randomElement(using: &rng) ?? "a")), ("namespace", scalar(&rng)),
                ("uid", scalar(&rng)), ("labels", map(&rng, keys: ["app", "tier", "kubernetes.io/arch"])),
                ("annotations", map(&rng, keys: ["x"])),
                ("creationTimestamp", .string(["2026-01-01T00:00:00Z", "nope"].randomElement(using: &rng) ?? "")),
                ("deletionTimestamp", scalar(&rng)),
                ("ownerReferences", list(&rng) { r in
                    Int.random(in: 0..<6, using: &r) == 0 ? scalar(&r) : ["kind": "Job", "name": "t", "controller": scalar(&r)]
                }),
                ("managedFields", [["manager": "kubectl", "fieldsV1": ["f:spec": [:]]]]),
            ], &rng)
        let status = some(
            [
                ("phase", scalar(&rng)), ("podIP", scalar(&rng)), ("reason", scalar(&rng)),
                ("conditions", list(&rng) { r in
                    some([("type", .string(["Ready", "MemoryPressure"].randomElement(using: &r) ?? "")), ("status", scalar(&r)),
                          ("reason", scalar(&r)), ("message", scalar(&r)),
                          ("lastTransitionTime", .string(["2026-01-01T00:00:00.25Z", "2026-13-01T00:00:00Z"].randomElement(using: &r) ?? ""))],
                         &r)
                }),
                ("containerStatuses", list(&rng, containerStatus)), ("initContainerStatuses", list(&rng, containerStatus)),
                ("hostIP", scalar(&rng)),
                ("capacity", quantities(&rng)), ("allocatable", quantities(&rng)),
                ("addresses", list(&rng) { r in ["type": "InternalIP", "address": scalar(&r)] }),
                ("nodeInfo", some([("architecture", scalar(&rng)), ("operatingSystem", scalar(&rng)), ("kubeletVersion", scalar(&rng))], &rng)),
                ("images", list(&rng) { r in ["names": ["x", scalar(&r)], "sizeBytes": scalar(&r)] }),
            ], &rng)
        let spec = some(
            [
                ("nodeName", scalar(&rng)), ("containers", list(&rng, container)), ("initContainers", list(&rng, container)),
                ("overhead", quantities(&rng)), ("unschedulable", scalar(&rng)),
                ("taints", list(&rng) { r in some([("key", scalar(&r)), ("value", scalar(&r)), ("effect", scalar(&r))], &r) }),
            ], &rng)
        let metadata = Int.random(in: 0..<10, using: &rng) == 0 ? scalar(&rng) : meta
        return ["metadata": metadata, "spec": spec, "status": status, "extra": ["deep": [[1, 2.5e10]]]]
    }

    /// The value as text with random spacing, \u escapes (surrogate pairs for astral characters)
    /// and, now and then, an object member written twice (the later one wins).
    static func write(_ value: JSONValue, _ rng: inout SeededGenerator) -> String {
        func space() -> String { ["", " ", "\n", "\t ", "\r\n"].randomElement(using: &rng) ?? "" }
        switch value {
        case .object(let object):
            var members = object.map { space() + quoted($0.key, &rng) + space() + ":" + space() + write($0.value, &rng) + space() }
            if let first = object.members.first, Int.random(in: 0..<8, using: &rng) == 0 {
                // An earlier duplicate the later member overrides.
                members.insert(quoted(first.key, &rng) + ":" + write(scalar(&rng), &rng), at: 0)
            }
            return "{" + members.joined(separator: ",") + space() + "}"
        case .array(let items):
            return "[" + items.map { space() + write($0, &rng) + space() }.joined(separator: ",") + space() + "]"
        case .string(let s):
            return quoted(s, &rng)
        case .int(let i) where Int.random(in: 0..<4, using: &rng) == 0:
            return "\(i).0e0"
        default:
            return String(decoding: value.jsonBytes(), as: UTF8.self)
        }
    }

    static func quoted(_ s: String, _ rng: inout SeededGenerator) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += Bool.random(using: &rng) ? "\\/" : "/"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 || Int.random(in: 0..<6, using: &rng) == 0 {
                    for unit in String(scalar).utf16 { out += String(format: "\\u%04X", unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
