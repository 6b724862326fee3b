import MarvelCore

/// The images the demo registry holds: every image the template catalogue's
/// workloads run with their defaults (`${REGISTRY}/hdd:2` → repository hdd,
/// tag 2, plus "latest" on the same manifest), and — as the mirror of every
/// other registry in the demo — their third-party images under their
/// repository path (`confluentinc/cp-kafka:5.3.1`, `library/nginx:latest`). Platforms follow
/// the catalogue: images of templates that want a GPU or an amd64 node are
/// built for linux/amd64 only (CUDA images); every other one — the edge
/// components among them — for linux/amd64 and linux/arm64.
struct DemoImageCatalog: Sendable {
    /// One repository:tag of the demo registry.
    struct Image: Sendable, Hashable {
        var repository: String
        var tag: String
        var platforms: [ImagePlatform]
        /// The templates that run it (image labels name the first).
        var templates: [String]
    }

    var images: [Image]

    /// The placeholder REGISTRY the catalogue is rendered with, to tell the registry's own images from others.
    static let placeholderHost = "demo-registry.invalid:5000"

    static let amd64 = ImagePlatform(os: "linux", architecture: "amd64")
    static let arm64 = ImagePlatform(os: "linux", architecture: "arm64", variant: "v8")

    /// The images of `templates`, sorted by repository then tag.
    static func from(templates: [Template]) -> DemoImageCatalog {
        var byName: [String: Image] = [:]
        let automatic = AutomaticValues(registry: placeholderHost)
        let index = TemplateImageIndex.build(templates: templates, automatic: automatic, mirrors: ImageMirrors(["*": placeholderHost]))
        for template in templates {
            let amd64Only = wantsGPU(template) || template.placement?.arch == "amd64"
            for reference in index.images[template.id] ?? [] {
                guard let ref = ImageReference(parsing: reference), ref.isOn(registryHost: placeholderHost), let tag = ref.tag else { continue }
                let key = "\(ref.repository):\(tag)"
                var image = byName[key] ?? Image(repository: ref.repository, tag: tag, platforms: [], templates: [])
                let platforms = amd64Only ? [amd64] : [amd64, arm64]
                image.platforms = Array(Set(image.platforms + platforms)).sorted()
                image.templates.append(template.id)
                byName[key] = image
            }
        }
        return DemoImageCatalog(images: byName.values.sorted { ($0.repository, $0.tag) < ($1.repository, $1.tag) })
    }

    /// The catalogue found the way the CLI finds it (`$MARVDASH_HOME`, the source tree, share/marvdash).
    static func fromInstalledCatalogue() -> DemoImageCatalog {
        let (templates, _) = TemplateCatalog.load(directories: ResourceLocator().searchPaths(for: "Templates"))
        return from(templates: templates)
    }

    /// Whether a template asks for a GPU (its placement block or any `*/gpu` request).
    static func wantsGPU(_ template: Template) -> Bool {
        if let gpu = template.placement?.gpu, gpu > 0 { return true }
        return template.resourceRequests.contains { ($0.key == "gpu" || $0.key.hasSuffix("/gpu")) && !$0.value.isZero }
    }
}
