/// A container image of a component's pod (init containers first, then the
/// app containers), and what the registry said about its platforms.
public struct ComponentImage: Sendable, Hashable {
    /// The reference as the pod spec writes it.
    public var reference: String
    public var check: ImagePlatformCheck

    public init(reference: String, check: ImagePlatformCheck = .notChecked) {
        self.reference = reference
        self.check = check
    }

    /// "image x:y" as reasons and notes name it (repository:tag, without the registry).
    public var displayName: String {
        ImageReference(parsing: reference)?.shortName ?? reference
    }

    /// The images of a pod spec, one per container: init containers, then containers.
    public static func images(ofPodSpec spec: JSONValue) -> [ComponentImage] {
        var out: [ComponentImage] = []
        for key in ["initContainers", "containers"] {
            for container in spec[key]?.arrayValue ?? [] {
                guard let image = container["image"]?.stringValue, !image.isEmpty else { continue }
                out.append(ComponentImage(reference: image))
            }
        }
        return out
    }

    /// Each reference once, in first-seen order (for notes and JSON).
    public static func distinct(_ images: [ComponentImage]) -> [ComponentImage] {
        var seen = Set<String>()
        return images.filter { seen.insert($0.reference).inserted }
    }

    public var json: JSONValue {
        var o: JSONObject = ["image": .string(reference)]
        switch check {
        case .notChecked:
            o["checked"] = false
        case .platforms(let platforms):
            o["checked"] = true
            o["platforms"] = .array(platforms.map { .string($0.description) })
        case .unknown(let why):
            o["checked"] = false
            o["reason"] = .string(why)
        }
        return .object(o)
    }
}

/// What the placer knows about the platforms an image was built for.
public enum ImagePlatformCheck: Sendable, Hashable {
    /// Nobody asked a registry (no registry configured, or placement without images).
    case notChecked
    /// The registry's manifest (or index) lists these platforms.
    case platforms([ImagePlatform])
    /// The registry could not say (unreachable, needs credentials, no such tag): why.
    case unknown(String)
}

/// Answers which platforms images were built for, so the placer can keep
/// pods off nodes that cannot run them. Implementations ask a registry and
/// may block: call them off the main thread.
public protocol ImagePlatformSource: Sendable {
    /// A check per reference (as written in the pod specs).
    func check(_ references: [String]) -> [String: ImagePlatformCheck]
}

extension ComponentRequirement {
    /// The components with each image's platforms looked up in `source` (nil: unchanged).
    public static func checkingImages(_ components: [ComponentRequirement], with source: (any ImagePlatformSource)?) -> [ComponentRequirement] {
        guard let source else { return components }
        let references = Array(Set(components.flatMap { $0.images.map(\.reference) })).sorted()
        guard !references.isEmpty else { return components }
        let checks = source.check(references)
        return components.map { c in
            var c = c
            for i in c.images.indices { c.images[i].check = checks[c.images[i].reference] ?? .notChecked }
            return c
        }
    }
}

extension ComponentImage {
    /// One line per distinct image that was looked up: "image kafka:5.3.1: linux/amd64, linux/arm64",
    /// or "image x:y: platforms could not be checked (registry … is unreachable …)". Nothing when none was.
    public static func notes(_ images: [ComponentImage]) -> [String] {
        distinct(images).compactMap { image in
            switch image.check {
            case .notChecked: return nil
            case .platforms(let platforms):
                let names = platforms.filter(\.isRunnable).map(\.description).sorted()
                return "image \(image.displayName): \(names.isEmpty ? "no runnable platform listed" : names.joined(separator: ", "))"
            case .unknown(let why):
                return "image \(image.displayName): platforms could not be checked (\(why))"
            }
        }
    }
}
