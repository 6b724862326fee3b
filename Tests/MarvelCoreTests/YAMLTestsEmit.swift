import Testing
@testable import MarvelCore

/// Emitting: round trips of manifests and tricky strings, number forms,
/// documents, and node trees that keep their styles and tags.
@Suite struct YAMLEmitTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: inference
          namespace: marvel
          labels:
            app.kubernetes.io/managed-by: marvdash
            marvdash.io/layer: edge
          annotations: {}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: inference}
          template:
            metadata:
              labels: {app: inference}
            spec:
              nodeSelector:
                kubernetes.io/arch: arm64
              tolerations:
              - key: marvdash.io/layer
                operator: Equal
                value: edge
                effect: NoSchedule
              containers:
              - name: model
                image: "registry.local:5000/marvel/inference:1.10"
                args: ["--threshold", "0.5", --verbose]
                env:
                - {name: ENABLED, value: "yes"}
                - {name: PORT, value: "8080"}
                - name: SCRIPT
                  value: |
                    #!/bin/sh
                    echo "start: $HOSTNAME" # not a comment
                resources:
                  requests: {cpu: 500m, memory: 512Mi, nvidia.com/gpu: 1}
                  limits: {cpu: 1.5}
                ports: []
        """

    @Test func deploymentRoundTrip() throws {
        let first = try YAML.load(Self.deployment)
        let value = try #require(first.first)
        #expect(value.at("spec", "template", "spec", "containers")?[0]?["env"]?[0]?["value"] == "yes")
        #expect(value.at("spec", "replicas") == 2)
        let emitted = YAML.emit(value)
        #expect(try YAML.load(emitted) == first)
        #expect(emitted.hasPrefix("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: inference\n"))
        #expect(emitted.contains("  annotations: {}\n"))
        #expect(emitted.contains("value: \"yes\""))
        #expect(emitted.contains("image: registry.local:5000/marvel/inference:1.10\n"))
        #expect(emitted.contains("      - name: model\n") || emitted.contains("    - name: model\n"))
        // Emitting again gives the same text: the form is stable.
        #expect(YAML.emit(try #require(try YAML.load(emitted).first)) == emitted)
    }

    @Test func trickyStringsSurvive() throws {
        let strings = [
            "yes", "No", "on", "1.10", "null", "~", "", "0x1F", "0755", "1:30", "1e3", "y", "n", "=", "<<",
            ".inf", "-.nan", "2001-12-14", "true", " lead", "trail ", "a: b", "a #b", "#c", "-x", "- x", "*a",
            "&a", "!x", "%x", "@x", "`x", "?", ":", "---", "...", "--- x", "[a]", "{a}", "a,b", "'", "\"",
            "line1\nline2", "line\n", "\n", "\n\n", "a\n\n", "  indented\nx", "x\r\ny", "trailing \nspace",
            "tab\tx", "\t", "bell\u{7}", "nul\u{0}", "\u{85}", "\u{2028}", "\u{FEFF}bom", "émoji 😀", "日本語",
            "\\", "\\n", "a\u{1B}[31m", String(repeating: "long words ", count: 40),
        ]
        for s in strings {
            let v: JSONValue = ["k": .string(s), .init(stringLiteral: s): [.string(s)]]
            let text = YAML.emit(v)
            #expect(try YAML.load(text) == [v], "\(s.debugDescription) emitted as \(text.debugDescription)")
        }
        #expect(!YAML.emit(.string(String(repeating: "long words ", count: 40))).contains("\n  "))
    }

    @Test func randomStringsSurvive() throws {
        var rng = SplitMix64(seed: 0x5EED)
        let pieces = [
            "a", "Z", "0", "9", " ", "  ", ": ", "- ", "#", " #", "---", "...", "&a", "*a", "!", "!!", "%", "@", "`",
            "'", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}",
            "\u{FEFF}", "é", "ß", "日", "😀", "{", "}", "[", "]", ",", "?", "|", ">", "<<", "~", "yes", "null", "1",
            ".5", "0x", "1:2", "+", "-", ".", "e", "_", "=",
        ]
        var failures = 0
        for _ in 0..<600 {
            let count = Int(rng.next() % 8) + 1
            var s = ""
            for _ in 0..<count { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let v: JSONValue = [.init(stringLiteral: s): .string(s), "list": [.string(s), ["x": .string(s)]]]
            let text = YAML.emit(v)
            let back = try? YAML.load(text)
            if back != [v] {
                failures += 1
                Issue.record("\(s.debugDescription) emitted as \(text.debugDescription) loaded as \(String(describing: back))")
                if failures > 5 { break }
            }
        }
    }

    @Test func numbersAndScalarsRoundTrip() throws {
        let values: [JSONValue] = [
            1.0, -0.5, 1e-5, 1e20, 1.5e300, .double(Double.leastNonzeroMagnitude), 0.1, 3.0e10, .double(.infinity), .double(-.infinity),
            0, -1, .int(Int.max), .int(Int.min), true, false, nil, [], [:], [[]], [[:]], ["a": [:]],
        ]
        for v in values {
            let text = YAML.emit(v)
            #expect(try YAML.load(text) == [v], "\(v) emitted as \(text.debugDescription)")
        }
        #expect(YAML.emit(1.0) == "1.0\n")
        #expect(YAML.emit(1e20) == "1.0e+20\n")
        #expect(YAML.emit(.double(.infinity)) == ".inf\n")
        #expect(YAML.emit(.double(.nan)) == ".nan\n")
        #expect(try YAML.load(YAML.emit(.double(.nan))).first?.doubleValue?.isNaN == true)
        #expect(YAML.emit(["a": [], "b": [:]]) == "a: []\nb: {}\n")
    }

    @Test func keyOrderIsKept() throws {
        let v: JSONValue = .object(JSONObject(["z", "a", "m", "b"].map { JSONMember($0, 1) }))
        #expect(YAML.emit(v) == "z: 1\na: 1\nm: 1\nb: 1\n")
    }

    @Test func documentsAreSeparated() throws {
        let docs: [JSONValue] = [["a": 1], ["b": [1, 2]], "text", nil]
        let text = YAML.emit(documents: docs)
        #expect(text.hasPrefix("a: 1\n---"))
        #expect(try YAML.load(text) == docs)
        #expect(YAML.emit(documents: []) == "")
    }

    @Test func nodesKeepStylesAndTags() throws {
        let source = """
            plain: 1.10
            single: 'yes'
            double: "x"
            literal: |
              a
              b
            folded: >
              c d
            tagged: !!str 12
            local: !thing {a: 1}
            anchored: &base [1]
            alias: *base
            """
        let nodes = try YAML.parse(source)
        let text = YAML.emit(nodes: nodes)
        #expect(text.contains("plain: 1.10\n"))
        #expect(text.contains("single: 'yes'\n"))
        #expect(text.contains("double: \"x\"\n"))
        #expect(text.contains("literal: |\n  a\n  b\n"))
        #expect(text.contains("folded: >\n  c d\n"))
        #expect(text.contains("tagged: !!str 12\n"))
        #expect(text.contains("local: !thing\n"))
        #expect(text.contains("anchored: &base\n"))
        let again = try YAML.parse(text)
        #expect(again.map(Self.withoutMarks) == nodes.map(Self.withoutMarks))
        #expect(try YAML.load(text) == YAML.load(source))
    }

    /// The tree with every mark reset, to compare content, styles, tags and anchors.
    static func withoutMarks(_ node: YAMLNode) -> YAMLNode {
        var copy = node
        copy.mark = SourceMark(line: 1, column: 1)
        switch node.kind {
        case .scalar: break
        case .sequence(let items): copy.kind = .sequence(items.map(withoutMarks))
        case .mapping(let pairs):
            copy.kind = .mapping(pairs.map { YAMLPair(key: withoutMarks($0.key), value: withoutMarks($0.value)) })
        }
        return copy
    }

    @Test func handBuiltNodesWithOddPropertiesStillEmit() throws {
        let node = YAMLNode(kind: .mapping([
            YAMLPair(key: YAMLNode(kind: .scalar("a", .plain)), value: YAMLNode(kind: .scalar("12", .plain), tag: "!")),
            YAMLPair(key: YAMLNode(kind: .scalar("b", .plain)), value: YAMLNode(kind: .sequence([]), anchor: "bad anchor")),
        ]))
        let text = YAML.emit(nodes: [node])
        #expect(try YAML.load(text) == [["a": "12", "b": []]])
    }
}

/// A small deterministic generator so the randomized test is repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
