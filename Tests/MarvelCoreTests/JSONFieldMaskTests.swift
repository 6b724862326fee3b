import Foundation
import Testing

@testable import MarvelCore

/// The masked parse (`JSONValue.parse(_:keeping:)`) against the full parse: on any text,
/// valid or hostile, it throws exactly when the full parse throws, and otherwise gives
/// the full parse's value cut down to the mask.
@Suite struct JSONFieldMaskTests {
    /// Keys the random documents draw from: the masks' own names among others.
    static let keys = ["metadata", "name", "items", "spec", "status", "a", "b", "é", "x\"y", "labels", ""]

    /// A random document up to `depth` levels deep.
    static func document(_ rng: inout SeededGenerator, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 9 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &rng) >> Int.random(in: 0..<63, using: &rng))
        case 3: return .double(Double.random(in: -1e300...1e300, using: &rng))
        case 4, 5: return .string(text(&rng))
        case 6: return .array((0..<Int.random(in: 0..<4, using: &rng)).map { _ in document(&rng, depth: depth - 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0..<5, using: &rng) {
                object[keys.randomElement(using: &rng) ?? "a"] = document(&rng, depth: depth - 1)
            }
            return .object(object)
        }
    }

    /// Text with escapes, quotes, control characters, astral-plane characters and plain ASCII.
    static func text(_ rng: inout SeededGenerator) -> String {
        let pieces = ["plain", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "日本", "🚀", "\u{7F}", " ", "kube-system"]
        return (0..<Int.random(in: 0..<5, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
    }

    /// A random mask over the same keys.
    static func mask(_ rng: inout SeededGenerator, depth: Int) -> JSONFieldMask {
        guard depth > 0, Int.random(in: 0..<4, using: &rng) > 0 else { return .all }
        var fields: [String: JSONFieldMask] = [:]
        for key in keys where Bool.random(using: &rng) { fields[key] = mask(&rng, depth: depth - 1) }
        return .fields(fields)
    }

    /// The document as text with random spacing and, in strings, some characters written as \u escapes.
    static func write(_ value: JSONValue, _ rng: inout SeededGenerator) -> String {
        func space() -> String { ["", " ", "\n", "\t ", "\r\n"].randomElement(using: &rng) ?? "" }
        switch value {
        case .object(let object):
            let members = object.map { space() + quoted($0.key, &rng) + space() + ":" + space() + write($0.value, &rng) + space() }
            return "{" + members.joined(separator: ",") + space() + "}"
        case .array(let items):
            return "[" + items.map { space() + write($0, &rng) + space() }.joined(separator: ",") + space() + "]"
        case .string(let s):
            return quoted(s, &rng)
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
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || Int.random(in: 0..<6, using: &rng) == 0 {
                    // \u escapes, astral characters as surrogate pairs.
                    for unit in String(scalar).utf16 { out += String(format: "\\u%04X", unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Both parses agree on `bytes` under `mask`.
    static func expectAgree(_ bytes: [UInt8], _ mask: JSONFieldMask, _ what: String) {
        let full = try? JSONValue.parse(bytes)
        let masked = try? JSONValue.parse(bytes, keeping: mask)
        #expect((full == nil) == (masked == nil), "\(what): one parse failed, the other did not")
        if let full, let masked { #expect(masked == mask.apply(to: full), "\(what): the masked value differs") }
    }

    @Test func randomDocumentsUnderRandomMasks() throws {
        var rng = SeededGenerator(seed: 13)
        for i in 0..<400 {
            let doc = Self.document(&rng, depth: 5)
            let text = Self.write(doc, &rng)
            let mask = Self.mask(&rng, depth: 4)
            let full = try JSONValue.parse(text)
            #expect(full == doc, "document \(i) reads back as written")
            let masked = try JSONValue.parse(Array(text.utf8), keeping: mask)
            #expect(masked == mask.apply(to: full), "document \(i)")
        }
    }

    @Test func hostileTextIsRefusedExactlyWhenTheFullParseRefusesIt() {
        var rng = SeededGenerator(seed: 99)
        let junk: [UInt8] = Array("{}[]\",:\\u0 1e9-.+tfnx\u{1}".utf8) + [0xFF, 0xC3]
        for i in 0..<1500 {
            var bytes = Array(Self.write(Self.document(&rng, depth: 4), &rng).utf8)
            // Cut it, or change, add or remove a few bytes.
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes = Array(bytes[..<at])
                case 1: bytes[at] = junk.randomElement(using: &rng) ?? 0
                case 2: bytes.insert(junk.randomElement(using: &rng) ?? 0, at: at)
                default: bytes.remove(at: at)
                }
            }
            Self.expectAgree(bytes, Self.mask(&rng, depth: 3), "mutation \(i)")
        }
    }

    @Test(arguments: [
        "", " ", "{", "[", "\"", "{\"a\":}", "{\"a\" 1}", "[1,]", "[1 2]", "01", "-", "-a", "1.", "1e", "1e+", ".5", "+1",
        "1e999", "-1e999", String(repeating: "9", count: 400), String(repeating: "9", count: 400) + ".5", "1E400",
        "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\u{1}\"", "\"\\uD800\"", "\"\\uD800\\u0041\"", "tru", "nul", "falsey",
        "{\"a\":1}x", "[\"a\"]]", "{\"b\":[1,{\"c\":\"\\", "{\"skip\":{\"deep\":[1e999]},\"a\":1}",
        "{\"skip\":\"\\q\",\"a\":1}", "{\"skip\":\"\u{1F}\"}", "{\"skip\":-0.0e-0,\"a\":[]}",
    ])
    func hostileFixtures(text: String) {
        for mask: JSONFieldMask in [.all, .fields([:]), .fields(["a": .all]), .fields(["b": .fields(["c": .all])])] {
            Self.expectAgree(Array(text.utf8), mask, "\(text.debugDescription) under \(mask)")
        }
    }

    @Test func nestingBeyondTheLimitIsRefusedInSkippedMembersToo() {
        let deep = "{\"skip\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + ",\"a\":1}"
        #expect(throws: (any Error).self) { try JSONValue.parse(Array(deep.utf8), keeping: .fields(["a": .all])) }
        #expect(throws: (any Error).self) { try JSONValue.parse(deep) }
    }

    @Test func invalidUTF8IsRepairedTheSameWay() throws {
        let bytes: [UInt8] = Array("{\"a\":\"x".utf8) + [0xFF, 0xC3] + Array("\",\"b\":\"".utf8) + [0xE2, 0x82] + Array("\"}".utf8)
        let full = try JSONValue.parse(bytes)
        #expect(try JSONValue.parse(bytes, keeping: .fields(["a": .all])) == JSONFieldMask.fields(["a": .all]).apply(to: full))
    }
}
