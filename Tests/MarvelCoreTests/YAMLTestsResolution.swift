import Testing
@testable import MarvelCore

/// YAML 1.1 resolution of plain scalars as PyYAML does it, explicit tags,
/// merge keys and mapping keys.
@Suite struct YAMLResolutionTests {
    private func value(_ scalar: String) throws -> JSONValue {
        let docs = try YAML.load("v: \(scalar)\n")
        return try #require(docs.first?["v"])
    }

    @Test func nulls() throws {
        for s in ["~", "null", "Null", "NULL", ""] { #expect(try value(s) == .null, "\(s)") }
        for s in ["nULL", "nil", "None", "'null'", "\"~\""] { #expect(try value(s).stringValue != nil, "\(s)") }
    }

    @Test func booleans() throws {
        for s in ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { #expect(try value(s) == true, "\(s)") }
        for s in ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { #expect(try value(s) == false, "\(s)") }
        for s in ["y", "n", "Y", "N", "yES", "tRUE", "'yes'", "\"on\""] { #expect(try value(s).stringValue != nil, "\(s)") }
    }

    @Test func integers() throws {
        let cases: [(String, Int)] = [
            ("0", 0), ("42", 42), ("1__", 1), ("-17", -17), ("+5", 5), ("1_000_000", 1_000_000),
            ("0b1010", 10), ("-0b11", -3), ("0x1F", 31), ("0xff_ff", 65535), ("0o17", 15),
            ("0755", 493), ("-010", -8), ("1:30", 90), ("190:20:30", 685_230), ("-1:00", -60),
            ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
        ]
        for (text, expected) in cases { #expect(try value(text) == .int(expected), "\(text)") }
        // Not integers in YAML 1.1: stay strings.
        for s in ["08", "0x", "1:60", "0:30", "12abc", "'12'", "\"0x10\"", "1 2"] {
            #expect(try value(s).stringValue != nil, "\(s)")
        }
    }

    @Test func integersOutOfRangeAreErrors() {
        for s in ["9223372036854775808", "-9223372036854775809", "0xFFFFFFFFFFFFFFFFF"] {
            do {
                _ = try value(s)
                Issue.record("\(s) loaded")
            } catch let e as YAMLError {
                #expect(e.message.contains("integer out of range"))
                #expect(e.mark == SourceMark(line: 1, column: 4))
            } catch { Issue.record("wrong error \(error)") }
        }
    }

    @Test func floats() throws {
        let cases: [(String, Double)] = [
            ("1.5", 1.5), ("-2.25", -2.25), (".5", 0.5), ("1.", 1.0), ("1_000.5", 1000.5),
            ("1.0e+3", 1000), ("6.8523015e+5", 685_230.15), ("1.5E-2", 0.015), ("190:20:30.5", 685_230.5),
            ("1.10", 1.1), ("+.inf", .infinity), (".inf", .infinity), ("-.Inf", -.infinity), (".INF", .infinity),
        ]
        for (text, expected) in cases { #expect(try value(text) == .double(expected), "\(text)") }
        for s in [".nan", ".NaN", ".NAN"] { #expect(try value(s).doubleValue?.isNaN == true, "\(s)") }
        // PyYAML's pattern needs a dot and a signed exponent: these stay strings.
        for s in ["1e3", "1.0e3", "-.nan", ".", "1.2.3", "'1.5'", "inf", "NaN"] {
            #expect(try value(s).stringValue != nil, "\(s)")
        }
    }

    @Test func otherPlainScalarsAreStrings() throws {
        #expect(try value("2001-12-14") == "2001-12-14")
        #expect(try value("hello world") == "hello world")
        #expect(try value("=") == "=")
        #expect(try value("a:b") == "a:b")
        #expect(try value("|\n  1\n") == "1\n")
        #expect(try value(">\n  a\n  b\n") == "a b\n")
    }

    @Test func explicitTagsAreHonoured() throws {
        #expect(try value("!!str 12") == "12")
        #expect(try value("!!str yes") == "yes")
        #expect(try value("!!int '12'") == 12)
        #expect(try value("!!int 0x10") == 16)
        #expect(try value("!!float 1") == 1.0)
        #expect(try value("!!float '2.5'") == 2.5)
        #expect(try value("!!bool 'yes'") == true)
        #expect(try value("!!null ''") == .null)
        #expect(try value("!!seq [1]") == [1])
        #expect(try value("!!map {a: 1}") == ["a": 1])
        #expect(try value("! 12") == "12")
        #expect(try value("!custom 12") == 12)
        #expect(try value("!custom '12'") == "12")
        #expect(try value("!!timestamp 2001-01-01") == "2001-01-01")
    }

    @Test func badTaggedValuesAreErrorsWithMarks() {
        let cases = ["!!int abc", "!!float x1", "!!bool maybe", "!!map [1]", "!!seq {a: 1}", "!!int 1.5"]
        for s in cases {
            do {
                _ = try YAML.load("a: 1\nv: \(s)\n", file: "t.yaml")
                Issue.record("\(s) loaded")
            } catch let e as YAMLError {
                #expect(e.file == "t.yaml")
                #expect(e.mark == SourceMark(line: 2, column: 4), "\(s)")
            } catch { Issue.record("wrong error \(error)") }
        }
    }

    @Test func mergeKeys() throws {
        let text = """
            defaults: &d {cpu: 1, mem: 1Gi, gpu: 0}
            extra: &e {gpu: 2, arch: arm64}
            one:
              <<: *d
              mem: 4Gi
            many:
              <<: [*e, *d]
              name: x
            quoted:
              "<<": kept
            """
        let root = try #require(try YAML.load(text).first)
        #expect(root["one"] == ["cpu": 1, "mem": "4Gi", "gpu": 0])
        #expect(root["one"]?.objectValue?.keys == ["cpu", "mem", "gpu"])
        // The first map of a list wins, explicit keys win over all; order as PyYAML.
        #expect(root["many"] == ["cpu": 1, "mem": "1Gi", "gpu": 2, "arch": "arm64", "name": "x"])
        #expect(root["quoted"] == ["<<": "kept"])
    }

    @Test func mergeOfAScalarIsAnError() {
        #expect(throws: YAMLError.self) { try YAML.load("a:\n  <<: 1\n") }
        #expect(throws: YAMLError.self) { try YAML.load("a:\n  <<: [1]\n") }
    }

    @Test func keysBecomeStrings() throws {
        let root = try #require(try YAML.load("1: a\ntrue: b\n~: c\n0x10: d\n1.5: e\nk: f\n").first)
        #expect(root.objectValue?.keys == ["1", "true", "null", "16", "1.5", "k"])
    }

    @Test func nonScalarKeysAreErrors() {
        do {
            _ = try YAML.load("a: 1\n? [x, y]\n: 2\n")
            Issue.record("loaded")
        } catch let e as YAMLError {
            #expect(e.mark == SourceMark(line: 2, column: 3))
            #expect(e.message.contains("mapping key"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func duplicateKeysAreErrors() {
        do {
            _ = try YAML.load("metadata:\n  name: a\n  labels: {}\n  name: b\n", file: "d.yaml")
            Issue.record("loaded")
        } catch let e as YAMLError {
            #expect(e.description.hasPrefix("d.yaml:4:3: duplicate key \"name\""))
        } catch { Issue.record("wrong error \(error)") }
        // "1" and 1 are the same JSON key.
        #expect(throws: YAMLError.self) { try YAML.load("1: a\n'1': b\n") }
    }
}
