import Testing
@testable import MarvelCore

/// Every validation error of a template, with its position.
@Suite struct TemplateValidationTests {
    /// A one-resource template whose metadata variables are `variables` (YAML list lines).
    func text(_ variables: String, resource: String = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: $NAME}") -> String {
        resource + "\n---\nkind: Template\nname: t\nvariables:\n" + variables
    }

    func firstError(_ text: String, file: String = "t.yaml") -> String {
        thrownErrorText { _ = try Template.parse(text, file: file) }
    }

    @Test func badYAMLNamesTheLine() {
        let line = firstError("kind: Template\nname: x\nvariables: [a\n")
        #expect(line.hasPrefix("t.yaml:4:1: error: "), "\(line)")
    }

    @Test func noMetadataDocument() {
        #expect(firstError("apiVersion: v1\nkind: ConfigMap\n").hasPrefix("t.yaml:1:1: error: no template metadata"))
    }

    @Test func missingNameVariable() {
        let line = firstError(text("- name: PORT\n  default: 80\n"))
        #expect(line.hasPrefix("t.yaml:8:1: error: no NAME variable"), "\(line)")
    }

    @Test func duplicateVariable() {
        let line = firstError(text("- name: NAME\n  default: a\n- name: NAME\n  default: b\n"))
        #expect(line == "t.yaml:10:3: error: duplicate variable NAME (first declared at 8:3) — remove one of them")
    }

    @Test func nameDefaultMustBeADNSLabel() {
        let line = firstError(text("- name: NAME\n  default: My_Service\n"))
        #expect(line.hasPrefix("t.yaml:9:12: error: the default NAME \"My_Service\" is not a DNS-1123 label"), "\(line)")
        let long = firstError(text("- name: NAME\n  default: \(String(repeating: "a", count: 64))\n"))
        #expect(long.contains("longer than 63"))
    }

    @Test func typeViolatedByDefault() {
        let line = firstError(text("- name: NAME\n  default: a\n- name: PORT\n  default: eighty\n  type: int\n"))
        #expect(line == "t.yaml:11:12: error: default: PORT must be an integer, got \"eighty\" — change the default or the type")
        let bool = firstError(text("- name: NAME\n  default: a\n- name: ON\n  default: maybe\n  type: bool\n"))
        #expect(bool.hasPrefix("t.yaml:11:12: error: default: ON must be a boolean"))
    }

    @Test func unknownType() {
        let line = firstError(text("- name: NAME\n  default: a\n- name: PORT\n  default: 1\n  type: integer\n"))
        #expect(line.hasPrefix("t.yaml:12:9: error: unknown type \"integer\" for PORT"), "\(line)")
    }

    @Test func choicesViolatedByDefaultAndBySet() throws {
        let line = firstError(text("- name: NAME\n  default: a\n- name: MODE\n  default: fast\n  choices: [slow, safe]\n"))
        #expect(line.hasPrefix("t.yaml:11:12: error: default: MODE must be one of slow, safe, got \"fast\""), "\(line)")
        let t = try Template.parse(text("- name: NAME\n  default: a\n- name: MODE\n  default: slow\n  choices: [slow, safe]\n"), file: "t.yaml")
        #expect(t.variable(named: "MODE")?.effectiveType == .choice)
        let set = thrownErrorText { _ = try t.render(values: ["MODE": "fast"], automatic: AutomaticValues()) }
        #expect(set.hasPrefix("t.yaml:10:3: error: MODE must be one of slow, safe, got \"fast\""), "\(set)")
    }

    @Test func setValuesAreChecked() throws {
        let t = try Template.parse(text("- name: NAME\n  default: a\n- name: N\n  default: 1\n  type: int\n"), file: "t.yaml")
        let int = thrownErrorText { _ = try t.render(values: ["N": "many"], automatic: AutomaticValues()) }
        #expect(int.hasPrefix("t.yaml:10:3: error: N must be an integer"), "\(int)")
        let name = thrownErrorText { _ = try t.render(values: ["NAME": "Bad Name"], automatic: AutomaticValues()) }
        #expect(name.hasPrefix("t.yaml:8:3: error: NAME \"Bad Name\" is not a DNS-1123 label"), "\(name)")
        let unknown = thrownErrorText { _ = try t.render(values: ["NMAE": "x"], automatic: AutomaticValues()) }
        #expect(unknown == "t.yaml: error: unknown variable NMAE — this template declares NAME, N")
    }

    @Test func documentThatIsNotAKubernetesObject() {
        let line = firstError(text("- name: NAME\n  default: a\n", resource: "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\nfoo: bar"))
        #expect(line == "t.yaml:1:1: error: document 1 is not a Kubernetes object: missing metadata.name — every resource needs apiVersion, kind and metadata.name")
        let diagnostics = Template.lint(text("- name: NAME\n  default: a\n", resource: "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\nfoo: bar"), file: "t.yaml")
        #expect(diagnostics.count == 2)
        #expect(diagnostics.last?.description.hasPrefix("t.yaml:5:1: error: document 2 is not a Kubernetes object: missing apiVersion, kind, metadata.name") == true)
    }

    @Test func emptyNameAfterRenderingIsNotAnObject() throws {
        let t = try Template.parse(text("- name: NAME\n  default: a\n- name: X\n  default: x\n", resource: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: $X}"), file: "t.yaml")
        let line = thrownErrorText { _ = try t.render(values: ["X": ""], automatic: AutomaticValues()) }
        #expect(line.contains("missing metadata.name"))
    }

    @Test func keysThatCollideAfterSubstitution() throws {
        let t = try Template.parse(text(
            "- name: NAME\n  default: a\n- name: K\n  default: k\n",
            resource: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: $NAME}\ndata:\n  $K: \"1\"\n  b: \"2\""), file: "t.yaml")
        let line = thrownErrorText { _ = try t.render(values: ["K": "b"], automatic: AutomaticValues()) }
        #expect(line.hasPrefix("t.yaml:6:3: error: duplicate key \"b\""), "\(line)")
    }

    @Test func badMetadataFields() {
        let singleton = firstError("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: $NAME}\n---\nkind: Template\nname: t\nsingleton: maybe\nvariables: [{name: NAME, default: a}]\n")
        #expect(singleton == "t.yaml:7:12: error: singleton must be a boolean — write yes/no or true/false")
        let layer = firstError("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: $NAME}\n---\nkind: Template\nname: t\nvariables: [{name: NAME, default: a}]\nplacement: {layer: sky}\n")
        #expect(layer.hasPrefix("t.yaml:8:20: error: unknown layer \"sky\""), "\(layer)")
    }

    @Test func unknownKeysAreWarnings() throws {
        let t = try Template.parse(text("- name: NAME\n  defualt: a\n  default: b\n").replacingOccurrences(of: "name: t\n", with: "name: t\nsingelton: yes\nmount: yes\n"), file: "t.yaml")
        #expect(t.warnings.map(\.description) == [
            "t.yaml:7:1: warning: unknown metadata key \"singelton\" is ignored — the known ones are auth, datasets, description, kind, name, placement, singleton, variables",
            "t.yaml:11:3: warning: unknown variable key \"defualt\" is ignored — the known ones are choices, default, help, label, max, min, name, pattern, secret, type",
        ])
    }

    /// Issue 12: lint accepted variable names that `$NAME` / `${NAME}` can never reach.
    @Test(arguments: [("A-B", "A_B"), ("X Y", "X_Y"), ("1ST", "_1ST"), ("É", "_"), ("a.b", "a_b")])
    func variableNamesThatCanNeverBeReferenced(name: String, suggestion: String) {
        let line = firstError(text("- name: NAME\n  default: a\n- name: \"\(name)\"\n  default: x\n"))
        #expect(line == "t.yaml:10:9: error: variable name \"\(name)\" can never be referenced: $NAME and ${NAME} take ASCII letters, digits and _ only, not starting with a digit — rename it, e.g. \(suggestion)", "\(line)")
    }

    @Test func referenceableVariableNamesPass() throws {
        let t = try Template.parse(text("- name: NAME\n  default: a\n- name: _x9\n  default: x\n- name: camelCase\n  default: y\n"), file: "t.yaml")
        #expect(t.variables.map(\.name) == ["NAME", "_x9", "camelCase"])
    }

    @Test func errorsAreOneLine() {
        for bad in ["a: [", "kind: Template\nname: x\nvariables: []\n", "x: 1"] {
            let line = firstError(bad)
            #expect(!line.contains("\n"))
            #expect(line.hasPrefix("t.yaml:"))
        }
    }
}
