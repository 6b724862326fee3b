/// Where third-party images are pulled from: their public origin unless the
/// settings name a mirror for their registry (`registry.mirrors`), the way a
/// pull-through cache serves one upstream: the registry part is replaced and
/// the repository path kept.
///
/// ```yaml
/// registry:
///   mirrors:
///     docker.io: registry.marvel-platform.eu          # confluentinc/cp-kafka:5.3.1 → registry.marvel-platform.eu/confluentinc/cp-kafka:5.3.1
///     docker.elastic.co: mirror.example/elastic       # docker.elastic.co/kibana/kibana:7.17.9 → mirror.example/elastic/kibana/kibana:7.17.9
///     "*": registry.marvel-platform.eu                # every other registry
/// ```
public struct ImageMirrors: Sendable, Equatable {
    /// Source registry host (canonical, lower-case; "*" for every other) → mirror "host[:port][/path]".
    public var entries: [String: String]

    public init(_ entries: [String: String] = [:]) {
        var out: [String: String] = [:]
        for (source, mirror) in entries {
            let key = source == "*" ? "*" : ImageReference.canonicalHost(source).lowercased()
            var target = mirror
            while target.hasSuffix("/") { target.removeLast() }
            out[key] = target
        }
        self.entries = out
    }

    /// No mirror: every image from where its reference says.
    public static let none = ImageMirrors()

    public var isEmpty: Bool { entries.isEmpty }

    /// The mirror for images of `registry`, nil when they come from their origin.
    public func mirror(forRegistry registry: String) -> String? {
        let host = ImageReference.canonicalHost(registry).lowercased()
        if let exact = entries[host] { return exact }
        guard let any = entries["*"] else { return nil }
        // The wildcard never redirects the mirror's own images.
        let mirrorHost = any.split(separator: "/").first.map { ImageReference.canonicalHost(String($0)).lowercased() } ?? ""
        return mirrorHost == host ? nil : any
    }

    /// `image` as pulled through its registry's mirror, or unchanged.
    public func rewrite(_ image: String) -> String {
        guard let ref = ImageReference(parsing: image), let mirror = mirror(forRegistry: ref.registry) else { return image }
        var out = "\(mirror)/\(ref.repository)"
        if let tag = ref.tag { out += ":\(tag)" }
        if let digest = ref.digest { out += "@\(digest)" }
        return out
    }

    /// `manifests` with every container image (init, app and ephemeral containers of every pod template) rewritten.
    public func rewriting(_ manifests: [JSONValue]) -> [JSONValue] {
        guard !isEmpty else { return manifests }
        return manifests.map { manifest in
            PodSpecEditing.editingPodSpec(manifest) { spec in
                for key in ["initContainers", "containers", "ephemeralContainers"] {
                    guard var list = spec[key]?.arrayValue else { continue }
                    for i in list.indices {
                        if let image = list[i]["image"]?.stringValue { list[i]["image"] = .string(rewrite(image)) }
                    }
                    spec[key] = .array(list)
                }
            }
        }
    }

    /// Why `mirror` is not a mirror address ("host[:port][/path]"), or nil.
    public static func problem(_ mirror: String) -> String? {
        let host = mirror.split(separator: "/", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if mirror.contains("://") { return "'\(mirror)' has a scheme; write host[:port][/path], e.g. registry.marvel-platform.eu" }
        if host.isEmpty || mirror.contains(" ") || RegistryEndpoint(parsing: host) == nil {
            return "'\(mirror)' is not host[:port][/path], e.g. registry.marvel-platform.eu"
        }
        return nil
    }
}

/// Reaching the pod spec of any workload kind (Pod, Deployment, StatefulSet,
/// DaemonSet, ReplicaSet, ReplicationController, Job, CronJob).
enum PodSpecEditing {
    static func podSpecPath(_ manifest: JSONValue) -> [String]? {
        switch manifest["kind"]?.stringValue ?? "" {
        case "Pod": return ["spec"]
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job": return ["spec", "template", "spec"]
        case "CronJob": return ["spec", "jobTemplate", "spec", "template", "spec"]
        default: return nil
        }
    }

    /// `manifest` with its pod spec changed by `edit` (unchanged when it has none).
    static func editingPodSpec(_ manifest: JSONValue, _ edit: (inout JSONValue) -> Void) -> JSONValue {
        guard let path = podSpecPath(manifest), var spec = manifest.at(path) else { return manifest }
        edit(&spec)
        return WorkloadPodTemplate.setting(manifest, path, spec)
    }

    /// The images of a manifest's pod spec (init containers first), empty for other kinds.
    static func images(_ manifest: JSONValue) -> [String] {
        guard let path = podSpecPath(manifest), let spec = manifest.at(path) else { return [] }
        return ["initContainers", "containers"].flatMap { key in (spec[key]?.arrayValue ?? []).compactMap { $0["image"]?.stringValue } }
    }
}
