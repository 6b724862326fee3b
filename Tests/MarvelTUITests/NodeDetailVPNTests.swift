import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// Node detail names the EdgeSec VPN address of a node that joined over the VPN: its annotation,
/// or an InternalIP inside the configured VPN ranges.
@Suite struct NodeDetailVPNTests {
    static func lines(_ node: Node, ranges: [String]) throws -> [String] {
        let rules = LayerRules(vpnRanges: ranges.compactMap(IPv4Range.init(parsing:)))
        let inventory = NodeInventory(snapshot: ClusterSnapshot(nodes: [node], pods: []), rules: rules)
        let row = try #require(inventory.row(named: node.name))
        return NodeDetail.lines(for: row, layer: row.layer, vpnRanges: rules.vpnRanges).map(\.plainText)
    }

    @Test func theVPNAddressIsShownWhenTheNodeCarriesIt() throws {
        let fog = Node(name: "mtfog1", labels: ["marvdash.io/layer": "fog"], addresses: [Node.Address(type: "InternalIP", address: "10.20.2.10")])
        #expect(try Self.lines(fog, ranges: ["10.20.0.0/16"]).contains { $0.contains("VPN address") && $0.contains("10.20.2.10 (EdgeSec VPN; InternalIP in 10.20.0.0/16)") })
        #expect(try !Self.lines(fog, ranges: ["192.168.0.0/16"]).contains { $0.contains("VPN address") })
        let annotated = Node(name: "e1", annotations: [VPNAddress.annotation: "10.99.0.7"], addresses: [Node.Address(type: "InternalIP", address: "192.168.1.5")])
        #expect(try Self.lines(annotated, ranges: []).contains { $0.contains("10.99.0.7 (EdgeSec VPN; annotation marvdash.io/vpn-address)") })
    }
}
