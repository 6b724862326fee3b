/// One entry of a node's `status.images`: the names the container runtime
/// knows an image by ("host/repo:tag", "host/repo@sha256:…") and its size,
/// as the kubelet reports them (the 50 largest by default).
public struct NodeImage: Sendable, Hashable {
    public var names: [String]
    public var sizeBytes: Int64

    public init(names: [String], sizeBytes: Int64) {
        self.names = names
        self.sizeBytes = sizeBytes
    }

    /// Reads `status.images`; entries without names are skipped.
    static func list(_ json: JSONValue?) -> [NodeImage] {
        (json?.arrayValue ?? []).compactMap { entry in
            self.entry(names: (entry["names"]?.arrayValue ?? []).compactMap(\.stringValue), sizeBytes: entry["sizeBytes"])
        }
    }

    /// One entry from its string names and `sizeBytes`; nil when no name is left after
    /// dropping empty ones.
    static func entry(names: [String], sizeBytes: JSONValue?) -> NodeImage? {
        let names = names.filter { !$0.isEmpty }
        guard !names.isEmpty else { return nil }
        return NodeImage(names: names, sizeBytes: Int64(sizeBytes?.intValue ?? 0))
    }
}
