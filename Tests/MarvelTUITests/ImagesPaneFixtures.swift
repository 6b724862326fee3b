import Foundation
import MarvelCore
import MarvelTUI
import Synchronization

/// An image source with answers set by the test, synchronous: what a
/// `RegistryBrowser` would hold once its background fetches finished.
final class FakeImageSource: ImageSource {
    struct State {
        var repositories: RegistryLoadState<[String]> = .loading
        var images: [String: RegistryLoadState<RepositoryImages>] = [:]
        var templates = TemplateImageIndex()
        var deletions: [Int: RegistryDeletion] = [:]
        var deleted: [(String, String)] = []
        var refreshes = 0
        var generation = 1
        /// What a deletion ends with (nil: it keeps running).
        var deleteOutcome: RegistryDeletion? = .deleted("deleted team/app:1.0 (manifest sha256:aaaaaaaaaaaa…)")
        /// The first usage read answers without templates, and the full index lands (the
        /// generation grows) right after that read, as a `RegistryBrowser` index finishing
        /// in the background between the pane's read and its rebuild.
        var templatesLandAfterFirstRead = false
    }

    let state = Mutex(State())
    let registryURL = "http://reg.test:5000"

    func set(_ change: (inout State) -> Void) {
        state.withLock {
            change(&$0)
            $0.generation += 1
        }
    }

    var generation: Int { state.withLock { $0.generation } }
    func repositories() -> RegistryLoadState<[String]> { state.withLock { $0.repositories } }
    func images(_ repository: String) -> RegistryLoadState<RepositoryImages> { state.withLock { $0.images[repository] ?? .loading } }

    func usage(snapshot: ClusterSnapshot?, generation: Int, rules: LayerRules) -> ImageUsageIndex? {
        let templates = state.withLock { s -> TemplateImageIndex in
            guard s.templatesLandAfterFirstRead else { return s.templates }
            s.templatesLandAfterFirstRead = false
            s.generation += 1
            return TemplateImageIndex()
        }
        return ImageUsageIndex(registryHost: "reg.test:5000", snapshot: snapshot, templateImages: templates, rules: rules)
    }

    func delete(repository: String, tag: String) -> Int {
        state.withLock { s in
            let id = s.deletions.count + 1
            s.deleted.append((repository, tag))
            s.deletions[id] = s.deleteOutcome ?? .running
            s.generation += 1
            return id
        }
    }

    func deletion(_ id: Int) -> RegistryDeletion? { state.withLock { $0.deletions[id] } }
    func refresh() { state.withLock { $0.refreshes += 1 } }
}

/// A registry of two repositories: team/app (a single-platform 1.0 tagged latest too,
/// and a two-platform 2.0) and kafka; nodes and a pod that use team/app.
enum ImagesPaneFixtures {
    static let at = Date(timeIntervalSince1970: 1_717_200_000)
    static let amd64 = ImagePlatform(architecture: "amd64")
    static let arm64 = ImagePlatform(architecture: "arm64", variant: "v8")
    static let oneDigest = "sha256:" + String(repeating: "a", count: 64)
    static let twoDigest = "sha256:" + String(repeating: "b", count: 64)

    static var appImages: RepositoryImages {
        RepositoryImages(repository: "team/app", groups: [
            TagGroup(digest: twoDigest, tags: ["2.0"], detail: ImageDetail(digest: twoDigest, mediaType: ManifestMediaType.ociIndex, platforms: [
                PlatformImage(platform: amd64, digest: "sha256:" + String(repeating: "c", count: 64), size: 183_000_000, layers: 4, created: at),
                PlatformImage(platform: arm64, digest: "sha256:" + String(repeating: "d", count: 64), size: 150_000_000, layers: 4, created: at,
                              labels: ["org.opencontainers.image.version": "2.0"]),
            ])),
            TagGroup(digest: oneDigest, tags: ["1.0", "latest"], detail: ImageDetail(digest: oneDigest, mediaType: ManifestMediaType.dockerManifest, platforms: [
                PlatformImage(platform: amd64, digest: oneDigest, size: 90_000_000, layers: 3, created: at.addingTimeInterval(-86_400 * 30)),
            ])),
        ])
    }

    /// A source with the registry loaded and the fixture cluster's nodes holding team/app:1.0.
    static func loadedSource() -> FakeImageSource {
        let source = FakeImageSource()
        source.set { s in
            s.repositories = .loaded(["kafka", "team/app"], at: at)
            s.images["team/app"] = .loaded(appImages, at: at)
            s.images["kafka"] = .loaded(RepositoryImages(repository: "kafka", groups: []), at: at)
            s.templates = TemplateImageIndex(images: ["web": ["reg.test:5000/team/app:1.0"]])
        }
        return source
    }

    /// The console fixture's cluster, with fog-1 holding team/app:1.0 and a pod of instance "shop" running it.
    static func snapshot() throws -> ClusterSnapshot {
        var snapshot = try ConsoleFixtures.snapshot()
        if let i = snapshot.nodes.firstIndex(where: { $0.name == "fog-1" }) {
            snapshot.nodes[i].images = [NodeImage(names: ["reg.test:5000/team/app:1.0"], sizeBytes: 700_000_000)]
        }
        snapshot.pods.append(try Pod(json: [
            "metadata": ["name": "shop-0", "namespace": "default", "labels": ["marvdash.io/instance": "shop", "marvdash.io/template": "web"]],
            "spec": ["nodeName": "fog-1", "containers": [["name": "m", "image": "reg.test:5000/team/app:latest"]]],
            "status": ["phase": "Running"],
        ]))
        return snapshot
    }

    static func console(source: FakeImageSource?, readOnly: Bool = false, settingsFile: String? = "/home/op/.config/marvdash/config.yaml") throws -> Console {
        let data = StaticDataSource(snapshot: try snapshot(), connection: .connected(at: at))
        let options = ConsoleOptions(
            source: data, contextName: "c", namespace: "default", serverURL: "https://127.0.0.1:6443", readOnly: readOnly,
            timeZone: TimeZone(identifier: "UTC") ?? .current, environment: [:], images: source, settingsFile: settingsFile)
        let console = Console(options: options)
        _ = console.handle(.char("4"))
        return console
    }

    static func render(_ console: Console, rows: Int = 30, columns: Int = 110) -> MemoryScreen {
        ConsoleFixtures.render(console, rows: rows, columns: columns)
    }
}
