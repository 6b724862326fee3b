import Testing
@testable import MarvelCore

@Suite struct JSONTests {
    @Test func roundTripKeepsOrderAndTypes() throws {
        let text = #"{"b":1,"a":[true,null,2.5,"x\ny\u00e9"],"c":{"z":-3}}"#
        let v = try JSONValue.parse(text)
        #expect(v["b"] == .int(1))
        #expect(v["a"]?[2] == .double(2.5))
        #expect(v["a"]?[3] == .string("x\nyé"))
        #expect(v.objectValue?.keys == ["b", "a", "c"])
        #expect(v.jsonString() == #"{"b":1,"a":[true,null,2.5,"x\nyé"],"c":{"z":-3}}"#)
        #expect(try JSONValue.parse(v.prettyJSONString()) == v)
    }

    @Test func errorsNameLineAndColumn() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse("{\n  \"a\": tru }") }
        do {
            _ = try JSONValue.parse("{\n  \"a\": tru }")
        } catch let e as JSONParseError {
            #expect(e.line == 2)
            #expect(e.column == 8)
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func surrogatePairsAndDepthLimit() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }
}
