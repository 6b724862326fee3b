import Testing

@testable import MarvelCore

/// `jsonBytes()` writes bytes directly; it must be the very text `jsonString()` writes.
@Suite struct JSONBytesTests {
    @Test func bytesAreTheTextsUTF8() {
        let values: [JSONValue] = [
            .null, true, false, 0, -42, 1.5, 1e20, 3.0,
            "plain", "quote \" backslash \\ newline \n return \r tab \t", "control \u{01}\u{1F} del \u{7F}", "ünïcödé ✔ 𝄞",
            [], [:], [1, "a", [true, .null], ["k": "v"]],
            ["metadata": ["name": "web-1", "labels": ["app": "web", "tier": "édge"]], "spec": ["replicas": 3, "ratio": 0.25]],
        ]
        for value in values {
            #expect(value.jsonBytes() == Array(value.jsonString().utf8), "\(value.jsonString())")
        }
    }
}
