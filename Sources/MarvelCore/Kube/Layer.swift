/// The tier of the edge–fog–cloud continuum a node belongs to, in display order.
public enum Layer: String, CaseIterable, Sendable, Codable {
    case cloud, fog, edge, unassigned

    /// Upper-case name for headings ("CLOUD").
    public var title: String { rawValue.uppercased() }
}

/// How a node's labels map to its `Layer`: the first configured key present on
/// the node decides; a value equal to or containing EDGE, FOG or CLOUD
/// (any case) selects that layer, so the seed's `Layer=GRNEDGE1` is edge.
public struct LayerRules: Sendable, Hashable {
    /// Label keys consulted in order.
    public var labelKeys: [String]
    /// Label naming the pilot site of a node.
    public var siteKey: String
    /// The EdgeSec VPN's address ranges (settings `vpn.ranges`): a node whose InternalIP
    /// lies in one joined over the VPN (see `VPNAddress`).
    public var vpnRanges: [IPv4Range]

    public init(labelKeys: [String] = ["marvdash.io/layer", "Layer"], siteKey: String = "marvdash.io/site", vpnRanges: [IPv4Range] = []) {
        self.labelKeys = labelKeys
        self.siteKey = siteKey
        self.vpnRanges = vpnRanges
    }

    /// The layer named by the first configured label present on a node.
    public func layer(of labels: [String: String]) -> Layer {
        guard let value = labelKeys.lazy.compactMap({ labels[$0] }).first else { return .unassigned }
        let upper = value.uppercased()
        // Check in a fixed order; a value naming two tiers ("FOGCLOUD") takes the first match here.
        for layer in [Layer.edge, .fog, .cloud] where upper.contains(layer.title) {
            return layer
        }
        return .unassigned
    }

    /// The pilot site of a node, or "" when it carries no site label.
    public func site(of labels: [String: String]) -> String { labels[siteKey] ?? "" }
}
