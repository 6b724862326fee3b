import Testing
@testable import MarvelCore

/// Error messages and positions, and the limits that protect against hostile input.
@Suite struct YAMLErrorTests {
    /// The error `load` throws for `text`, or nil when it loads.
    private func error(_ text: String, limits: YAMLLimits = YAMLLimits()) -> YAMLError? {
        do {
            _ = try YAML.load(text, file: "in.yaml", limits: limits)
            return nil
        } catch let e as YAMLError {
            return e
        } catch {
            Issue.record("not a YAMLError: \(error)")
            return nil
        }
    }

    @Test func descriptionLeavesOutMissingParts() {
        #expect(YAMLError(file: "/root/.kube/config", mark: SourceMark(line: 3, column: 5), message: "m").description == "/root/.kube/config:3:5: m")
        #expect(YAMLError(mark: SourceMark(line: 3, column: 5), message: "m").description == "3:5: m")
        #expect(YAMLError(file: "f", message: "m").description == "f: m")
        #expect(YAMLError(message: "m").description == "m")
    }

    @Test func badIndentationReportsTheLine() throws {
        let e = try #require(error("spec:\n  replicas: 1\n image: x\n"))
        #expect(e.file == "in.yaml")
        #expect(e.mark == SourceMark(line: 3, column: 2))
        #expect(e.message.contains("did not find expected key"))
    }

    @Test func mappingValuesInAPlainScalar() throws {
        let e = try #require(error("a: 1\nb: c: d\n"))
        #expect(e.description == "in.yaml:2:5: mapping values are not allowed in this context")
    }

    @Test func unclosedQuote() throws {
        let e = try #require(error("a: \"open\nb: 2\n"))
        #expect(e.mark == SourceMark(line: 3, column: 1))
        #expect(e.message.contains("quoted scalar started at 1:4"))
    }

    @Test func unclosedFlowSequence() throws {
        let e = try #require(error("a: [1, 2\n"))
        #expect(e.message.contains("flow sequence started at 1:4"))
    }

    @Test func tabIndentationSaysSo() throws {
        let e = try #require(error("a:\n\tb: 1\n"))
        #expect(e.mark == SourceMark(line: 2, column: 1))
        #expect(e.message.contains("tabs"))
    }

    @Test func controlCharacterPosition() throws {
        let e = try #require(error("a: ok\nb: x\u{7}\n"))
        #expect(e.mark == SourceMark(line: 2, column: 5))
        #expect(e.message.contains("control characters"))
    }

    @Test func unknownAndRecursiveAliases() throws {
        let unknown = try #require(error("a: 1\nb: *nope\n"))
        #expect(unknown.mark == SourceMark(line: 2, column: 4))
        #expect(unknown.message.contains("unknown alias *nope"))
        let recursive = try #require(error("a: &x [1, *x]\n"))
        #expect(recursive.message.contains("recursive"))
    }

    @Test func billionLaughsIsRefused() throws {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for i in 1..<names.count {
            let refs = Array(repeating: "*\(names[i - 1])", count: 9).joined(separator: ",")
            text += "\(names[i]): &\(names[i]) [\(refs)]\n"
        }
        let e = try #require(error(text))
        #expect(e.message == "alias expansion exceeds 100000 nodes (a YAML alias bomb?); refusing the document")
        #expect(e.mark?.line == 6)
    }

    /// Found while writing the YAML fuzz target: a 110 KB template aliasing one 30 KB scalar 20,000 times rendered
    /// 600 MB (and hung) while staying far under the node limit.
    @Test func aliasesOfALongScalarAreCountedByBytes() throws {
        let text = "a: &a \"" + String(repeating: "x", count: 30_000) + "\"\nb: [" + Array(repeating: "*a", count: 20_000).joined(separator: ", ") + "]\n"
        let e = try #require(error(text))
        #expect(e.message == "aliases copy more than 8388608 bytes of text (a YAML alias bomb?); refusing the document")
        #expect(e.mark?.line == 2)
        var limits = YAMLLimits()
        limits.maxAliasExpansionBytes = 90_000
        let fine = "a: &a \"" + String(repeating: "x", count: 30_000) + "\"\nb: [*a, *a, *a]\n"
        #expect(try YAML.load(fine, limits: limits).first?["b"]?.arrayValue?.count == 3)
        limits.maxAliasExpansionBytes = 89_999
        #expect(error(fine, limits: limits)?.message.contains("more than 89999 bytes") == true)
    }

    @Test func legitAliasUseWithinTheLimit() throws {
        var limits = YAMLLimits()
        limits.maxAliasExpansion = 30
        let text = "a: &a [1, 2, 3]\nb: [*a, *a, *a, *a, *a]\n"  // 5 × 4 nodes
        #expect(try YAML.load(text, limits: limits).first?["b"]?.arrayValue?.count == 5)
        limits.maxAliasExpansion = 19
        #expect(error(text, limits: limits)?.message.contains("alias expansion exceeds 19 nodes") == true)
    }

    @Test func inputSizeLimit() throws {
        var limits = YAMLLimits()
        limits.maxBytes = 10
        let e = try #require(error("key: a long value\n", limits: limits))
        #expect(e.message.contains("over the limit of 10 bytes"))
        #expect(e.mark == nil)
    }

    @Test func depthLimit() throws {
        var limits = YAMLLimits()
        limits.maxDepth = 3
        #expect(error("a: {b: [1]}\n", limits: limits) == nil)
        let e = try #require(error("a: {b: [[1]]}\n", limits: limits))
        #expect(e.mark == SourceMark(line: 1, column: 9))
        #expect(e.message.contains("nesting deeper than 3 levels"))
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(error(deep)?.message.contains("nesting deeper than 256 levels") == true)
    }

    @Test func depthLimitCountsExpandedAliases() throws {
        var limits = YAMLLimits()
        limits.maxDepth = 3
        #expect(error("a: &x [[1]]\nb: *x\n", limits: limits) == nil)  // the mapping and x's two levels: 3
        let e = try #require(error("a: &x [[1]]\nb: [*x]\n", limits: limits))  // as deep as b: [[[1]]]
        #expect(e.mark == SourceMark(line: 2, column: 5))
        #expect(e.message == "alias *x nests deeper than 3 levels here; refusing the document")
        // A chain of anchors, each nesting the one before, is stopped where it passes the limit.
        var chain = "l0: &l0 " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n"
        for level in 1...5 {
            chain += "l\(level): &l\(level) " + String(repeating: "[", count: 99) + "*l\(level - 1)"
                + String(repeating: "]", count: 99) + "\n"
        }
        #expect(error(chain)?.message.contains("nests deeper than 256 levels") == true)
    }
}
