import Foundation
import Testing

import MarvelCore

/// A template's placement block may take its variables (`layer: ${LAYER}`): one template serves
/// every layer and pilot; the value is checked after substitution and an error names the variable.
@Suite struct TemplatePlacementVariablesTests {
    static let text = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: $NAME}
        spec:
          selector: {matchLabels: {app: $NAME}}
          template:
            metadata: {labels: {app: $NAME}}
            spec:
              containers:
              - {name: broker, image: eclipse-mosquitto:2.0.18, resources: {requests: {cpu: 50m, memory: 64Mi}}}
        ---
        kind: Template
        name: Broker
        variables:
        - {name: NAME, default: broker}
        - {name: LAYER, default: fog}
        - {name: SITE, default: ""}
        - {name: DEDICATION, default: "Layer=GRNEDGE1:NoSchedule"}
        placement:
          layer: ${LAYER}
          site: ${SITE}
          tolerate: [$DEDICATION, gpu:NoSchedule]
        """

    @Test func theBlockTakesTheDeployValues() throws {
        let t = try Template.parse(Self.text, file: "broker.template.yaml")
        #expect(t.placement?.layer == .fog && t.placement?.site == "", "the defaults give the hint")
        #expect(t.placementLayerVaries)
        for layer in [Layer.edge, .fog, .cloud] {
            let rules = try t.placement(values: ["LAYER": layer.rawValue, "SITE": "GRN"], automatic: AutomaticValues())
            #expect(rules?.layer == layer && rules?.site == "GRN")
        }
        let rules = try t.placement(values: [:], automatic: AutomaticValues())
        #expect(rules?.tolerate == [
            PlacementToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule"), PlacementToleration(key: "gpu", exists: true, effect: "NoSchedule"),
        ])
    }

    @Test func aLayerThatIsNoLayerAfterSubstitutionNamesTheVariable() throws {
        let t = try Template.parse(Self.text, file: "broker.template.yaml")
        #expect {
            _ = try t.placement(values: ["LAYER": "moon"], automatic: AutomaticValues())
        } throws: { error in
            "\(error)" == "broker.template.yaml:20:10: error: placement.layer is \"moon\" from LAYER — LAYER must be edge, fog or cloud"
        }
        #expect(throws: TemplateError.self) { try t.placement(values: ["DEDICATION": "Layer=X:Sometimes"], automatic: AutomaticValues()) }
        // The defaults are checked when the template is loaded.
        let broken = Self.text.replacingOccurrences(of: "{name: LAYER, default: fog}", with: "{name: LAYER, default: sky}")
        let diagnostics = Template.lint(broken, file: "b.template.yaml").filter(\.isError)
        #expect(diagnostics.map(\.message) == ["placement.layer is \"sky\" from LAYER — LAYER must be edge, fog or cloud"])
        // A literal layer that is no layer keeps its old message.
        let literal = Self.text.replacingOccurrences(of: "layer: ${LAYER}", with: "layer: attic")
        #expect(Template.lint(literal, file: "l.template.yaml").filter(\.isError).map(\.message) == [
            "unknown layer \"attic\" in placement.layer — use edge, fog or cloud"
        ])
    }
}
