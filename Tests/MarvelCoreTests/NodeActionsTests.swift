import MarvelCore
import Testing

/// The merge patches of the node actions, computed from the node as read.
@Suite struct NodeActionsTests {
    let node: JSONValue = [
        "metadata": ["name": "fog-1", "resourceVersion": "42", "labels": ["marvdash.io/layer": "edge", "zone": "a"]],
        "spec": ["taints": [
            ["key": "marvdash.io/layer", "value": "edge", "effect": "NoSchedule"],
            ["key": "gpu", "value": "yes", "effect": "NoExecute"],
        ]],
    ]

    @Test func dedicateSetsTheLabelAndReplacesTheLayerTaintKeepingOthers() {
        let patch = NodeAction.dedicate(.fog).mergePatch(for: node)
        #expect(patch.at("metadata", "labels") == ["marvdash.io/layer": "fog"])
        #expect(patch.at("metadata", "resourceVersion") == "42")
        #expect(patch.at("spec", "taints") == [
            ["key": "gpu", "value": "yes", "effect": "NoExecute"],
            ["key": "marvdash.io/layer", "value": "fog", "effect": "NoSchedule"],
        ])
    }

    @Test func dedicateOnAnUntaintedNodeAddsOneTaint() {
        let bare: JSONValue = ["metadata": ["name": "n"], "spec": [:]]
        let patch = NodeAction.dedicate(.edge).mergePatch(for: bare)
        #expect(patch.at("spec", "taints") == [["key": "marvdash.io/layer", "value": "edge", "effect": "NoSchedule"]])
        #expect(patch.at("metadata", "resourceVersion") == nil)
    }

    @Test func undedicateRemovesOnlyTheLayerTaintAndKeepsTheLabel() {
        let patch = NodeAction.undedicate.mergePatch(for: node)
        #expect(patch.at("metadata", "labels") == nil)
        #expect(patch.at("spec", "taints") == [["key": "gpu", "value": "yes", "effect": "NoExecute"]])
        let only: JSONValue = ["spec": ["taints": [["key": "marvdash.io/layer", "value": "edge", "effect": "NoSchedule"]]]]
        #expect(NodeAction.undedicate.mergePatch(for: only).at("spec", "taints") == .null)
    }

    @Test func cordonAndUncordon() {
        #expect(NodeAction.cordon.mergePatch(for: node) == ["spec": ["unschedulable": true]])
        #expect(NodeAction.uncordon.mergePatch(for: node) == ["spec": ["unschedulable": nil]])
    }

    @Test func questionsAndOutcomesSayExactlyWhatChanges() {
        #expect(NodeAction.dedicate(.fog).change(node: "n1").hasPrefix(
            "label n1 marvdash.io/layer=fog and taint it marvdash.io/layer=fog:NoSchedule"))
        #expect(NodeAction.undedicate.change(node: "n1") == "remove the marvdash.io/layer NoSchedule taint from n1 (its layer label stays)")
        #expect(NodeAction.dedicate(.edge).phrase(node: "n1") == "dedicate n1 to edge")
        #expect(NodeAction.cordon.phrase(node: "n1") == "cordon n1")
        #expect(NodeAction.uncordon.done(node: "n1") == "uncordoned n1")
    }

    @Test func placementCyclesAndRecords() {
        #expect(ConsolePlacement.nextMode(after: .auto, node: nil) == .layer)
        #expect(ConsolePlacement.nextMode(after: .layer, node: nil) == PlacementMode.none)
        #expect(ConsolePlacement.nextMode(after: .none, node: "a") == .node("a"))
        #expect(ConsolePlacement.nextMode(after: .none, node: nil) == .auto)
        #expect(ConsolePlacement.nextMode(after: .node("a"), node: nil) == .auto)
        #expect(ConsolePlacement.nextPolicy(after: .spread) == .pack)
        #expect(ConsolePlacement.nextPolicy(after: .edgeFirst) == .usage)
        #expect(ConsolePlacement.nextPolicy(after: .usage) == .spread)
        #expect(ConsolePlacement(record: ["mode": "node", "node": "x", "policy": "pack"]) == ConsolePlacement(mode: .node("x"), policy: .pack))
        #expect(ConsolePlacement(record: .null).mode == PlacementMode.none)
    }
}
