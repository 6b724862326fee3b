/// The images each template's workloads run once rendered with their
/// defaults (and the automatic values, so `${REGISTRY}/kafka:5.3.1` becomes
/// the configured registry's reference) and pulled through the configured
/// mirrors: the "used by templates" part of where an image is used.
public struct TemplateImageIndex: Sendable, Hashable {
    /// Template id → image references, in manifest order, each once.
    public var images: [String: [String]]
    /// "id: why" for templates that do not render with their defaults.
    public var problems: [String]

    public init(images: [String: [String]] = [:], problems: [String] = []) {
        self.images = images
        self.problems = problems
    }

    /// Renders every template with its defaults and collects its pod specs' images (as `mirrors` rewrites them).
    public static func build(templates: [Template], automatic: AutomaticValues, mirrors: ImageMirrors = .none) -> TemplateImageIndex {
        var index = TemplateImageIndex()
        for template in templates {
            do {
                var values: [String: String] = [:]
                if template.variable(named: "NAME") != nil { values["NAME"] = template.variable(named: "NAME")?.defaultText ?? template.id }
                let manifests = try template.render(values: values, automatic: automatic)
                var seen = Set<String>()
                var refs: [String] = []
                for manifest in manifests {
                    guard let spec = podSpec(of: manifest) else { continue }
                    for image in ComponentImage.images(ofPodSpec: spec) {
                        let reference = mirrors.rewrite(image.reference)
                        if seen.insert(reference).inserted { refs.append(reference) }
                    }
                }
                index.images[template.id] = refs
            } catch {
                index.problems.append("\(template.id): \(error)")
            }
        }
        return index
    }

    /// The pod spec of any workload, DaemonSets included (they are not placed, but they run images).
    static func podSpec(of manifest: JSONValue) -> JSONValue? {
        WorkloadPodTemplate.podSpec(of: manifest)?.spec
    }

    /// The ids of the templates with an image `matches` accepts, sorted.
    public func templates(using matches: (ImageReference) -> Bool) -> [String] {
        images.filter { $0.value.contains { ImageReference(parsing: $0).map(matches) ?? false } }.keys.sorted()
    }
}
