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

    @Test func numbersFollowTheRFCGrammar() throws {
        for bad in ["01", "+1", ".5", "1.", "-", "-x", "1e", "1e+", "1.e3", "[1,02]", "1e400"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
        #expect(try JSONValue.parse("0") == .int(0))
        #expect(try JSONValue.parse("-0") == .int(0))
        #expect(try JSONValue.parse("-12") == .int(-12))
        #expect(try JSONValue.parse("1.5e-3") == .double(0.0015))
        #expect(try JSONValue.parse("2E+2") == .double(200))
        #expect(try JSONValue.parse("12345678901234567890") == .double(1.2345678901234567e19))
        #expect(try JSONValue.parse("[0,-1.25]") == .array([.int(0), .double(-1.25)]))
    }

    @Test func aLoneHighSurrogateDoesNotSwallowTheNextEscape() throws {
        #expect(try JSONValue.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONValue.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
    }
}
