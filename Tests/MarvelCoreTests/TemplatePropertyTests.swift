import Testing
@testable import MarvelCore

/// Injection safety: no value, however nasty, changes the rendered structure.
/// The object is a custom resource, so no schema types it and no API check
/// refuses a value (a ConfigMap's `data` takes only strings).
@Suite struct TemplatePropertyTests {
    static let template = """
        apiVersion: example.org/v1
        kind: Probe
        metadata:
          name: $NAME
          labels: {a: "${V}", b: x-$V}
        data:
          plain: ${V}
          quoted: "${V}"
          spliced: pre ${V} post
          single: '$V'
          block: |
            line ${V}
          list: [$V, "$V", a$V]
          k-${V}: key
        """ + "\n---\nkind: Template\nname: p\nvariables:\n- {name: NAME, default: p}\n- {name: V, default: v}\n"

    /// A deterministic generator (splitmix64) so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    static let fragments = [
        "\n", ": ", "- ", "{", "}", "[", "]", "#", "---", "...", "&a", "*a", "\"", "'", "\\", "\t", "\r",
        "\u{1}", "\u{7}", "\u{1b}", "\u{7f}", "\u{85}", "\u{2028}", "é", "😀", "$", "$$", "${V}", "? ", "|", ">",
        "!", "!!int", "%", "@", "`", ",", "yes", "no", "1", "0x1F", "1.10", "null", "~", " ", "key: value",
        "\n- item", "\n---\nkind: Secret", "<<: *a", "a",
    ]

    @Test func structureNeverChangesOverGeneratedValues() throws {
        let t = try Template.parse(Self.template, file: "p.yaml")
        let reference = try t.render(values: [:], automatic: AutomaticValues())
        #expect(reference.count == 1)
        var generator = Generator(state: 42)
        for _ in 0..<1_200 {
            let count = Int(generator.next() % 6) + 1
            let value = (0..<count).map { _ in generator.pick(Self.fragments) }.joined()
            let out = try t.render(values: ["V": value], automatic: AutomaticValues())
            try #require(out.count == 1, "value \(value.debugDescription) changed the document count")
            let doc = out[0]
            #expect(doc.objectValue?.keys == ["apiVersion", "kind", "metadata", "data"])
            #expect(doc["metadata"]?.objectValue?.keys == ["name", "labels"])
            #expect(doc.at("metadata", "labels")?.objectValue?.keys == ["a", "b"])
            #expect(doc["data"]?.objectValue?.keys == ["plain", "quoted", "spliced", "single", "block", "list", "k-" + value])
            #expect(doc.at("data", "k-" + value) == .string("key"))
            #expect(doc.at("data", "list")?.arrayValue?.count == 3)
            // Text positions get the value exactly.
            #expect(doc.at("metadata", "labels", "a") == .string(value))
            #expect(doc.at("metadata", "labels", "b") == .string("x-" + value))
            #expect(doc.at("data", "quoted") == .string(value))
            #expect(doc.at("data", "spliced") == .string("pre \(value) post"))
            #expect(doc.at("data", "single") == .string(value))
            #expect(doc.at("data", "block") == .string("line \(value)\n"))
            #expect(doc.at("data", "list")?[1] == .string(value))
            // A plain sole reference is a scalar: the value's own YAML type, never a collection.
            let plain = try #require(doc.at("data", "plain"))
            #expect(plain.arrayValue == nil && plain.objectValue == nil)
            if case .string(let s) = plain { #expect(s == value) }
            // And the manifest survives a trip through YAML text unchanged.
            let emitted = YAML.emit(documents: out)
            let reread = try YAML.load(emitted)
            #expect(reread == out, "round trip of \(value.debugDescription)")
        }
    }
}
