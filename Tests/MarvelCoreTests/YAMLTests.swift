import Testing
@testable import MarvelCore

/// Parsing into node trees: structure, marks, styles, tags, anchors, documents.
@Suite struct YAMLParseTests {
    @Test func nodesKeepMarksStylesAndTags() throws {
        let text = """
            name: web
            ports:
              - 80
              - 'x'
            note: |
              hello
            tagged: !!str 12
            """
        let docs = try YAML.parse(text)
        let root = try #require(docs.first)
        #expect(docs.count == 1)
        #expect(root.mark == SourceMark(line: 1, column: 1))
        #expect(root["name"]?.scalar == "web")
        #expect(root["name"]?.mark == SourceMark(line: 1, column: 7))
        let ports = try #require(root["ports"])
        guard case .sequence(let items) = ports.kind else {
            Issue.record("ports is not a sequence")
            return
        }
        #expect(items.count == 2)
        #expect(items[0].mark == SourceMark(line: 3, column: 5))
        #expect(items[1].kind == .scalar("x", .singleQuoted))
        #expect(root["note"]?.kind == .scalar("hello\n", .literal))
        #expect(root["tagged"]?.tag == "tag:yaml.org,2002:str")
        #expect(root["missing"] == nil)
        #expect(root["name"]?.tag == nil)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try #require(try YAML.parse("é: ü\nb: [1, ö]\n").first)
        #expect(root["é"]?.mark == SourceMark(line: 1, column: 4))
        guard case .sequence(let items)? = root["b"]?.kind else {
            Issue.record("b is not a sequence")
            return
        }
        #expect(items[1].mark == SourceMark(line: 2, column: 8))
    }

    @Test func multiDocumentStreams() throws {
        #expect(try YAML.load("") == [])
        #expect(try YAML.load("# only a comment\n") == [])
        #expect(try YAML.load("---\n---\n") == [.null, .null])
        let docs = try YAML.load("a: 1\n---\n- x\n...\n--- text\n")
        #expect(docs == [["a": 1], ["x"], "text"])
    }

    @Test func anchorsAndAliasesAreExpanded() throws {
        let text = """
            base: &base {cpu: 1, mem: 2Gi}
            list: &l [a, b]
            copy: *base
            again: *l
            """
        let root = try #require(try YAML.parse(text).first)
        #expect(root["base"]?.anchor == "base")
        #expect(root["copy"]?.anchor == nil)
        #expect(root["copy"]?["cpu"]?.scalar == "1")
        let value = try root.toJSON()
        #expect(value["copy"] == ["cpu": 1, "mem": "2Gi"])
        #expect(value["again"] == ["a", "b"])
    }

    @Test func anchorsDoNotCrossDocuments() throws {
        #expect(throws: YAMLError.self) { try YAML.parse("a: &x 1\n---\nb: *x\n") }
    }

    @Test func documentsAreIndependentValues() throws {
        let docs = try YAML.parse("--- !!map\na: 1\n--- &top\n- 1\n")
        #expect(docs.count == 2)
        #expect(docs[0].tag == "tag:yaml.org,2002:map")
        #expect(docs[1].anchor == "top")
    }
}
