import Testing
@testable import MarvelCore

/// `min`, `max`, `pattern` and `choices` of template variables, as `--set` and `-f` meet them.
@Suite struct TemplateConstraintTests {
    static func kafka() throws -> Template {
        try Template.load(file: CatalogueValidationTests.templatesDirectory + "/kafka.template.yaml")
    }

    @Test func kafkaBrokersMustBeOddFromThreeUpWithTheHelpInTheError() throws {
        let t = try Self.kafka()
        let even = thrownErrorText { _ = try t.render(values: ["SERVERS": "4"], automatic: AutomaticValues()) }
        #expect(even.contains("error: SERVERS must match [0-9]*[13579], got \"4\""), "\(even)")
        #expect(even.contains("(Brokers: Number of brokers; an odd number from 3 up)"), "\(even)")
        let negative = thrownErrorText { _ = try t.render(values: ["SERVERS": "-1"], automatic: AutomaticValues()) }
        #expect(negative.contains("SERVERS must be at least 3, got \"-1\""), "\(negative)")
        #expect(negative.contains("an odd number from 3 up"), "\(negative)")
        let five = try t.render(values: ["SERVERS": "5"], automatic: AutomaticValues())
        #expect(five.contains { $0.at("spec", "replicas") == .int(5) })
    }

    func variables(_ lines: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: $NAME}\n---\nkind: Template\nname: t\nvariables:\n- name: NAME\n  default: t\n" + lines
    }

    @Test func constraintsApplyToEveryType() throws {
        let t = try Template.parse(variables("""
            - name: SIZE
              default: 2
              type: int
              choices: ["1", "2", "4"]
            - name: RATIO
              default: 0.5
              min: 0
              max: 1
              help: share of the samples
            - name: MODE
              default: fast
              pattern: '[a-z]+'
            """), file: "t.yaml")
        let size = try #require(t.variable(named: "SIZE"))
        #expect(size.violation(of: "3") == "SIZE must be one of 1, 2, 4, got \"3\"")
        #expect(size.violation(of: "4") == nil)
        let ratio = try #require(t.variable(named: "RATIO"))
        #expect(ratio.violationWithHelp(of: "1.5") == "RATIO must be at most 1, got \"1.5\" (RATIO: share of the samples)")
        #expect(ratio.violation(of: "half") == "RATIO must be a number, got \"half\"")
        #expect(ratio.violation(of: "0.25") == nil)
        let mode = try #require(t.variable(named: "MODE"))
        #expect(mode.violation(of: "Fast1") == "MODE must match [a-z]+, got \"Fast1\"")
        // The whole value must match, not a part of it.
        #expect(mode.violation(of: "fast slow") != nil)
    }

    @Test func brokenConstraintsAreLintErrorsAtTheirPosition() {
        let badPattern = thrownErrorText { _ = try Template.parse(variables("- name: X\n  default: a\n  pattern: '[a-'\n"), file: "t.yaml") }
        #expect(badPattern.hasPrefix("t.yaml:12:12: error: pattern of X is not a valid regular expression"), "\(badPattern)")
        let swapped = Template.lint(variables("- name: X\n  default: 5\n  min: 9\n  max: 1\n"), file: "t.yaml").map(\.description)
        #expect(swapped.contains("t.yaml:13:8: error: max of X is below its min — swap them"), "\(swapped)")
        let text = thrownErrorText { _ = try Template.parse(variables("- name: X\n  default: 5\n  min: few\n"), file: "t.yaml") }
        #expect(text.hasPrefix("t.yaml:12:8: error: min of X must be a number"), "\(text)")
        let defaultOutside = thrownErrorText { _ = try Template.parse(variables("- name: X\n  default: 0\n  min: 1\n"), file: "t.yaml") }
        #expect(defaultOutside.contains("default: X must be at least 1, got \"0\""), "\(defaultOutside)")
    }
}
