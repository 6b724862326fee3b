import Foundation
import MarvelCore

/// What an `images` command works with: the registry client, and — when the
/// cluster can be read — its snapshot and the templates' images, for the
/// node caches and "where used". A cluster that cannot be read costs a
/// warning line, not the command.
struct ImagesSession {
    let client: RegistryClient
    let usage: ImageUsageIndex
    /// Why usage is missing (the cluster could not be read), when it is.
    let usageNote: String?

    /// Opens the cluster (for usage) and the registry, runs `body`, closes everything;
    /// every failure becomes the CLI's one line.
    static func run(cluster options: ClusterOptions, source: TemplateSourceOptions, needsCluster: Bool = true, _ body: (ImagesSession) throws -> Void)
        throws
    {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let session = try ClusterSession.open(options)
            defer { session.close() }
            session.printNotes()
            let choice = try source.registryChoice(settings: settings, embedded: session.embedded)
            let client = try choice.requireClient(settings: settings)
            var snapshot: ClusterSnapshot?
            var note: String?
            var templateImages: TemplateImageIndex?
            if needsCluster {
                do {
                    snapshot = try session.client.fetchSnapshot()
                } catch {
                    note = "cannot read the cluster (\(error)); node caches and running instances are left out"
                    FileHandle.standardError.write(Data("marvdash: warning: \(note ?? "")\n".utf8))
                }
                let automatic = source.automatic(settings: settings, namespace: session.target.namespace, embedded: session.embedded)
                templateImages = TemplateImageIndex.build(
                    templates: source.catalog(settings: settings, quiet: true).templates, automatic: automatic,
                    mirrors: RegistryChoice.mirrors(settings: settings, flag: source.registry, embedded: session.embedded))
            }
            let finder = ImageUsageIndex(
                registryHost: client.endpoint.host, snapshot: snapshot, templateImages: templateImages, rules: settings.layerRules)
            try body(ImagesSession(client: client, usage: finder, usageNote: note))
        }
    }

    /// Runs a registry call; its error is the command's one line.
    func call<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RegistryError {
            throw CommandFailure(error.description)
        }
    }

    /// "repo:tag" or "repo@sha256:…" → (repository, tag or digest); a bare "repo" means "latest".
    static func split(_ image: String) throws -> (String, String) {
        if let at = image.firstIndex(of: "@") {
            return (String(image[..<at]), String(image[image.index(after: at)...]))
        }
        if let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") {
            let repository = String(image[..<colon])
            let tag = String(image[image.index(after: colon)...])
            guard !repository.isEmpty, !tag.isEmpty else { throw CommandFailure("'\(image)': write repository:tag", exitCode: 64) }
            return (repository, tag)
        }
        guard !image.isEmpty else { throw CommandFailure("an image is needed: repository:tag", exitCode: 64) }
        return (image, "latest")
    }
}
