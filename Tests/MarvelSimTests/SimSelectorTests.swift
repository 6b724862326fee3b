import MarvelCore
import Testing

@testable import MarvelSim

@Suite struct SimSelectorTests {
    let labels = ["app": "web", "tier": "front", "Layer": "GRNEDGE1", "rank": "5"]

    func matches(_ selector: String) throws -> Bool { try LabelSelector(parsing: selector).matches(labels) }

    @Test func equalityAndExistence() throws {
        #expect(try matches(""))
        #expect(try matches("app=web"))
        #expect(try matches("app==web"))
        #expect(try !matches("app=db"))
        #expect(try matches("app!=db"))
        #expect(try matches("missing!=x"))
        #expect(try matches("app"))
        #expect(try !matches("missing"))
        #expect(try matches("!missing"))
        #expect(try !matches("!app"))
        #expect(try matches("app=web, tier = front"))
    }

    @Test func sets() throws {
        #expect(try matches("app in (web, db)"))
        #expect(try !matches("app in (db)"))
        #expect(try matches("app notin (db,cache)"))
        #expect(try matches("missing notin (x)"))
        #expect(try !matches("missing in (x)"))
        #expect(try matches("Layer in (GRNEDGE1),tier"))
    }

    @Test func numericComparisons() throws {
        #expect(try matches("rank>3"))
        #expect(try !matches("rank<3"))
    }

    @Test func parsedRequirements() throws {
        let s = try LabelSelector(parsing: "a=1,b!=2,c in (x,y),d notin (z),e,!f")
        #expect(
            s.requirements == [
                .equals("a", "1"), .notEquals("b", "2"), .inSet("c", ["x", "y"]), .notInSet("d", ["z"]), .exists("e"),
                .doesNotExist("f"),
            ])
    }

    @Test func malformedSelectorsAreRejected() {
        for bad in ["app in (a", "app in a", "=x", "app=(x)", "a,,b", "rank>x", "app foo"] {
            #expect(throws: APIStatus.self, "\(bad)") { try LabelSelector(parsing: bad) }
        }
    }

    @Test func fieldSelectors() throws {
        let pod: JSONValue = [
            "metadata": ["name": "p", "namespace": "ns"], "spec": ["nodeName": "n1", "hostNetwork": true],
            "status": ["phase": "Running"],
        ]
        func matches(_ s: String) throws -> Bool {
            try FieldSelector(parsing: s, resource: "pods").matches(object: pod)
        }
        #expect(try matches("spec.nodeName=n1"))
        #expect(try matches("spec.nodeName==n1,status.phase!=Pending"))
        #expect(try !matches("metadata.name=q"))
        #expect(try matches("spec.hostNetwork=true"))
        #expect(try matches("status.podIP="))
        #expect(throws: APIStatus.self) { try FieldSelector(parsing: "spec.nodeName", resource: "pods") }
        #expect(throws: APIStatus.self) { try FieldSelector(parsing: "spec.nodeName=n1", resource: "nodes") }
        let escaped = try FieldSelector(parsing: #"metadata.name=a\,b"#, resource: "pods")
        #expect(escaped.terms.first?.value == "a,b")
    }

    /// kube-apiserver's rules for values (apimachinery fields.UnescapeValue) and its wording.
    @Test func fieldSelectorValuesAreUnescapedAsKubeApiserverDoes() throws {
        func refusal(_ selector: String) -> String? {
            do {
                _ = try FieldSelector(parsing: selector, resource: "pods")
                return nil
            } catch {
                return error.code == 400 ? error.message : "code \(error.code)"
            }
        }
        #expect(refusal("spec.nodeName===") == "invalid field selector: unescaped character in value: 61")
        #expect(refusal("spec.nodeName=a=b") == "invalid field selector: unescaped character in value: 61")
        #expect(refusal("spec.nodeName!==a") == "invalid field selector: unescaped character in value: 61")
        #expect(refusal(#"spec.nodeName=a\x"#) == #"invalid field selector: invalid escape sequence: \x"#)
        #expect(refusal(#"spec.nodeName=a\"#) == #"invalid field selector: invalid escape sequence: \"#)
        #expect(refusal("spec.nodeName") == "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'")
        let equal = try FieldSelector(parsing: #"spec.nodeName==\=a,metadata.name=x\\y"#, resource: "pods")
        #expect(equal.terms.map(\.value).sorted() == ["=a", #"x\y"#])
        #expect(try FieldSelector(parsing: "spec.nodeName==", resource: "pods").terms.first?.value == "")
    }
}
