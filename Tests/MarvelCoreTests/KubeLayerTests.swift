import Testing

@testable import MarvelCore

@Suite struct KubeLayerRulesTests {
    let rules = LayerRules()

    @Test(arguments: [
        (["Layer": "GRNEDGE1"], Layer.edge),
        (["Layer": "FOG"], Layer.fog),
        (["Layer": "Cloud-1"], Layer.cloud),
        (["marvdash.io/layer": "edge"], Layer.edge),
        (["marvdash.io/layer": "fog"], Layer.fog),
        (["marvdash.io/layer": "cloud"], Layer.cloud),
        (["marvdash.io/layer": "core"], Layer.unassigned),
        ([:], Layer.unassigned),
        (["kubernetes.io/arch": "arm64"], Layer.unassigned),
    ])
    func mapsLabels(labels: [String: String], layer: Layer) {
        #expect(rules.layer(of: labels) == layer)
    }

    @Test func firstConfiguredKeyDecides() {
        #expect(rules.layer(of: ["marvdash.io/layer": "cloud", "Layer": "GRNEDGE1"]) == .cloud)
        let custom = LayerRules(labelKeys: ["tier", "Layer"])
        #expect(custom.layer(of: ["tier": "Fog", "Layer": "EDGE"]) == .fog)
        #expect(custom.layer(of: ["marvdash.io/layer": "edge"]) == .unassigned)
    }

    @Test func siteAndOrder() {
        #expect(rules.site(of: ["marvdash.io/site": "GRN"]) == "GRN")
        #expect(rules.site(of: [:]) == "")
        #expect(Layer.allCases == [.cloud, .fog, .edge, .unassigned])
    }
}
