/// An IPv4 network in CIDR form ("10.20.0.0/16"): the EdgeSec VPN's address
/// range in the settings (`vpn.ranges`), to tell which nodes joined over it.
public struct IPv4Range: Sendable, Hashable, CustomStringConvertible {
    public var base: UInt32
    public var prefix: Int

    /// Reads "a.b.c.d/n" (a bare address is a /32); nil when it is not one.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = Self.address(String(parts[0])) else { return nil }
        let prefix = parts.count == 2 ? Int(parts[1]) : 32
        guard let prefix, (0...32).contains(prefix) else { return nil }
        self.prefix = prefix
        base = address & Self.mask(prefix)
    }

    /// Whether `address` ("a.b.c.d") lies in the range.
    public func contains(_ address: String) -> Bool {
        guard let a = Self.address(address) else { return false }
        return a & Self.mask(prefix) == base
    }

    public var description: String {
        "\(base >> 24).\(base >> 16 & 255).\(base >> 8 & 255).\(base & 255)/\(prefix)"
    }

    static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }

    static func address(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var out: UInt32 = 0
        for o in octets {
            guard !o.isEmpty, o.count <= 3, o.allSatisfy(\.isNumber), let v = UInt32(o), v <= 255 else { return nil }
            out = out << 8 | v
        }
        return out
    }
}

/// How a node shows that it joined over the EdgeSec VPN (seed section 3.1.2):
/// its `marvdash.io/vpn-address` annotation, else an InternalIP inside one of
/// the configured VPN ranges.
public enum VPNAddress {
    /// The annotation a node's VPN address is written in.
    public static let annotation = "marvdash.io/vpn-address"

    /// The node's VPN address and where it was read ("annotation marvdash.io/vpn-address",
    /// "InternalIP in 10.20.0.0/16"); nil when the node shows none.
    public static func of(_ node: Node, ranges: [IPv4Range]) -> (address: String, source: String)? {
        if let annotated = node.annotations[annotation], !annotated.isEmpty { return (annotated, "annotation \(annotation)") }
        for address in node.addresses where address.type == "InternalIP" {
            if let range = ranges.first(where: { $0.contains(address.address) }) { return (address.address, "InternalIP in \(range)") }
        }
        return nil
    }
}
