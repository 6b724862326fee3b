/// An image platform: operating system, CPU architecture and variant
/// ("linux/amd64", "linux/arm64/v8", "linux/arm/v7").
public struct ImagePlatform: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    /// "v8", "v7", … or "" when none.
    public var variant: String

    public init(os: String = "linux", architecture: String, variant: String = "") {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// Parses "os/arch[/variant]"; nil when it has fewer than two parts.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/").map(String.init)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : "")
    }

    /// Reads an OCI `platform` object (`os`, `architecture`, `variant`).
    public init?(json: JSONValue?) {
        guard let json, let arch = json["architecture"]?.stringValue, !arch.isEmpty else { return nil }
        self.init(os: json["os"]?.stringValue ?? "", architecture: arch, variant: json["variant"]?.stringValue ?? "")
    }

    public var description: String { variant.isEmpty ? "\(os)/\(architecture)" : "\(os)/\(architecture)/\(variant)" }

    /// Whether a node of `os` and `architecture` (its `kubernetes.io/os` and `kubernetes.io/arch`) can run it.
    /// An "unknown" platform (a BuildKit attestation) runs nowhere.
    public func runs(onOS nodeOS: String, architecture nodeArch: String) -> Bool {
        guard os != "unknown", architecture != "unknown" else { return false }
        return (os.isEmpty || os == nodeOS) && architecture == nodeArch
    }

    /// Whether it is a runnable platform (attestation manifests say "unknown/unknown").
    public var isRunnable: Bool { os != "unknown" && architecture != "unknown" }

    public var json: JSONValue {
        var o: JSONObject = ["os": .string(os), "architecture": .string(architecture)]
        if !variant.isEmpty { o["variant"] = .string(variant) }
        return .object(o)
    }

    public static func < (a: ImagePlatform, b: ImagePlatform) -> Bool { a.description < b.description }
}
