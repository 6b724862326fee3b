import Testing
@testable import MarvelCore

/// JSONObject as an ordered dictionary: insertion order kept for output, replacement in
/// place, removal, and the hashed index that large objects switch to, agreeing with a scan.
@Suite struct JSONObjectTests {
    @Test func smallAndLargeObjectsBehaveTheSame() {
        for size in [3, JSONObject.indexThreshold, JSONObject.indexThreshold + 1, 200] {
            var object = JSONObject()
            for i in 0..<size { object["k\(i)"] = .int(i) }
            #expect(object.count == size)
            #expect(object.keys == (0..<size).map { "k\($0)" })
            object["k1"] = .string("replaced")
            #expect(object.keys[1] == "k1", "replacement keeps the position")
            #expect(object["k1"] == .string("replaced"))
            object["k0"] = nil
            #expect(object.keys.first == "k1")
            #expect(object["k0"] == nil)
            for i in 1..<size { #expect(object["k\(i)"] != nil, "k\(i) of \(size)") }
            object["k0"] = .int(0)
            #expect(object.keys.last == "k0", "a removed key comes back at the end")
            #expect(object["missing"] == nil)
        }
    }

    @Test func removingBelowTheThresholdKeepsLookupsRight() {
        var object = JSONObject()
        let size = JSONObject.indexThreshold + 3
        for i in 0..<size { object["k\(i)"] = .int(i) }
        for i in stride(from: 0, to: size, by: 2) { object["k\(i)"] = nil }
        for i in 0..<size { #expect(object["k\(i)"] == (i % 2 == 0 ? nil : .int(i))) }
        #expect(object.keys == stride(from: 1, to: size, by: 2).map { "k\($0)" })
    }

    @Test func equalityAndHashingIgnoreTheIndex() {
        var indexed = JSONObject()
        for i in 0..<40 { indexed["k\(i)"] = .int(i) }
        for i in 0..<30 { indexed["k\(i)"] = nil }
        var plain = JSONObject()
        for i in 30..<40 { plain["k\(i)"] = .int(i) }
        #expect(indexed == plain)
        #expect(indexed.hashValue == plain.hashValue)
        var reordered = JSONObject()
        for i in (30..<40).reversed() { reordered["k\(i)"] = .int(i) }
        #expect(reordered != plain, "order is part of an object")
    }

    /// Issue 12 item 11: 160k keys in a 2 MB body were quadratic (44 s of CPU).
    @Test func aTwoMegabyteObjectWith160kKeysParsesWhole() throws {
        let count = 160_000
        let text = "{" + (0..<count).map { "\"key\($0)\":\($0)" }.joined(separator: ",") + "}"
        #expect(text.utf8.count > 2_000_000)
        let object = try #require(try JSONValue.parse(text).objectValue)
        #expect(object.count == count)
        #expect(object["key0"] == .int(0))
        #expect(object["key159999"] == .int(159_999))
        #expect(object.keys[80_000] == "key80000")
        #expect(try JSONValue.parse(JSONValue.object(object).jsonString()) == .object(object))
    }
}
