import Foundation
import Synchronization

/// A registry answer as the console reads it: not asked yet or on its way,
/// loaded, or failed (keeping the last good value to show under the error).
public enum RegistryLoadState<Value: Sendable>: Sendable {
    case loading
    case loaded(Value, at: Date)
    case failed(RegistryError, last: Value?)

    /// The value to show: the loaded one, or the last good one under an error.
    public var value: Value? {
        switch self {
        case .loading: return nil
        case .loaded(let v, _): return v
        case .failed(_, let last): return last
        }
    }

    public var error: RegistryError? {
        if case .failed(let e, _) = self { return e }
        return nil
    }
}

/// A tag deletion started from the console: running, then done or failed (one line each).
public enum RegistryDeletion: Sendable, Equatable {
    case running
    case deleted(String)
    case failed(String)
}

/// Reads a registry for the console in the background: the catalogue, each
/// repository's tags grouped by digest (details cached by digest), and the
/// templates' images for "where used". Every call returns at once with what
/// is known; one serial queue does the HTTP, so requests never pile up. A
/// failure is retried only after a pause that doubles (5 s up to a minute)
/// or when `refresh()` asks, never in a loop. Answers older than `maxAge`
/// are refetched on the next ask while the old one stays on screen.
public final class RegistryBrowser: Sendable {
    public let client: RegistryClient
    private let templates: @Sendable () -> [Template]
    private let automatic: AutomaticValues
    private let mirrors: ImageMirrors
    private let maxAge: TimeInterval
    private let queue = DispatchQueue(label: "marvdash.registry", qos: .userInitiated)
    private let details = ImageDetailCache()

    private struct Slot<Value: Sendable> {
        var state: RegistryLoadState<Value> = .loading
        var running = false
        var retryAt: Date?
        var failures = 0
        var stale = false
    }

    private struct State {
        var catalog = Slot<[String]>()
        var repositories: [String: Slot<RepositoryImages>] = [:]
        var templateIndex: TemplateImageIndex?
        var indexing = false
        /// The usage index, the snapshot generation it was built from, and whether templates were in it.
        var usage: (index: ImageUsageIndex, generation: Int, withTemplates: Bool)?
        var usageRunning = false
        var deletions: [Int: RegistryDeletion] = [:]
        var nextDeletion = 1
        var generation = 0
    }

    private let state = Mutex(State())
    static let firstRetryDelay: TimeInterval = 5
    static let maxRetryDelay: TimeInterval = 60

    /// `templates` lists the catalogue (read in the background); `automatic` renders them.
    public init(
        client: RegistryClient, templates: @escaping @Sendable () -> [Template] = { [] }, automatic: AutomaticValues = AutomaticValues(),
        mirrors: ImageMirrors = .none, maxAge: TimeInterval = 60
    ) {
        self.client = client
        self.templates = templates
        self.automatic = automatic
        self.mirrors = mirrors
        self.maxAge = maxAge
    }

    /// Grows whenever an answer arrives or a state changes; the console redraws on change.
    public var generation: Int { state.withLock { $0.generation } }

    /// The repository names.
    public func repositories() -> RegistryLoadState<[String]> {
        let (current, start) = state.withLock { s in Self.claim(&s.catalog, maxAge: maxAge) }
        if start {
            queue.async { [self] in
                let result = Result { () throws(RegistryError) in try client.catalog() }
                state.withLock { s in Self.finish(&s.catalog, result); s.generation += 1 }
            }
        }
        return current
    }

    /// One repository's tags grouped by digest, with details.
    public func images(_ repository: String) -> RegistryLoadState<RepositoryImages> {
        let (current, start) = state.withLock { s -> (RegistryLoadState<RepositoryImages>, Bool) in
            var slot = s.repositories[repository] ?? Slot()
            let answer = Self.claim(&slot, maxAge: maxAge)
            s.repositories[repository] = slot
            return answer
        }
        if start {
            queue.async { [self] in
                let result = Result { () throws(RegistryError) in try client.repositoryImages(repository, cache: details) }
                state.withLock { s in
                    var slot = s.repositories[repository] ?? Slot()
                    Self.finish(&slot, result)
                    s.repositories[repository] = slot
                    s.generation += 1
                }
            }
        }
        return current
    }

    /// The templates' images after rendering their defaults; nil until indexed (in the background).
    public func templateImages() -> TemplateImageIndex? {
        let (index, start) = state.withLock { s -> (TemplateImageIndex?, Bool) in
            if s.templateIndex != nil || s.indexing { return (s.templateIndex, false) }
            s.indexing = true
            return (nil, true)
        }
        if start {
            DispatchQueue.global(qos: .utility).async { [self] in
                let built = TemplateImageIndex.build(templates: templates(), automatic: automatic, mirrors: mirrors)
                state.withLock { s in
                    s.templateIndex = built
                    s.indexing = false
                    s.generation += 1
                }
            }
        }
        return index
    }

    /// Where the registry's images are used in `snapshot` (its `generation` as the console
    /// numbers it): indexed in the background, the last index returned meanwhile (nil before the first).
    public func usage(snapshot: ClusterSnapshot?, generation: Int, rules: LayerRules = LayerRules()) -> ImageUsageIndex? {
        let templateIndex = templateImages()
        let (current, start) = state.withLock { s -> (ImageUsageIndex?, Bool) in
            let fresh = s.usage.map { $0.generation == generation && ($0.withTemplates || templateIndex == nil) } ?? false
            if fresh || s.usageRunning { return (s.usage?.index, false) }
            s.usageRunning = true
            return (s.usage?.index, true)
        }
        if start {
            let host = client.endpoint.host
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                let index = ImageUsageIndex(registryHost: host, snapshot: snapshot, templateImages: templateIndex, rules: rules)
                state.withLock { s in
                    s.usage = (index, generation, templateIndex != nil)
                    s.usageRunning = false
                    s.generation += 1
                }
            }
        }
        return current
    }

    /// Forgets the failure pauses and marks every answer old, so the next asks refetch.
    public func refresh() {
        state.withLock { s in
            Self.reset(&s.catalog)
            for key in Array(s.repositories.keys) {
                guard var slot = s.repositories[key] else { continue }
                Self.reset(&slot)
                s.repositories[key] = slot
            }
            s.generation += 1
        }
    }

    /// Deletes the manifest `tag` points at (HEAD for the digest, DELETE by digest) in the
    /// background; returns an id for `deletion(_:)`. The repository is reread afterwards.
    public func delete(repository: String, tag: String) -> Int {
        let id = state.withLock { s -> Int in
            let id = s.nextDeletion
            s.nextDeletion += 1
            s.deletions[id] = .running
            s.generation += 1
            return id
        }
        queue.async { [self] in
            let outcome: RegistryDeletion
            do {
                let digest = try client.deleteTag(repository, tag: tag)
                outcome = .deleted("deleted \(repository):\(tag) (manifest \(String(digest.prefix(19)))…)")
            } catch let error as RegistryError {
                outcome = .failed(error.description)
            } catch {
                outcome = .failed(String(describing: error))
            }
            state.withLock { s in
                s.deletions[id] = outcome
                if case .deleted = outcome {
                    Self.reset(&s.catalog)
                    if var slot = s.repositories[repository] {
                        Self.reset(&slot)
                        s.repositories[repository] = slot
                    }
                }
                s.generation += 1
            }
        }
        return id
    }

    /// The state of a deletion started with `delete`.
    public func deletion(_ id: Int) -> RegistryDeletion? { state.withLock { $0.deletions[id] } }

    // MARK: slots

    /// The slot's state, and whether the caller should start a fetch (marked running).
    private static func claim<Value>(_ slot: inout Slot<Value>, maxAge: TimeInterval) -> (RegistryLoadState<Value>, Bool) {
        guard !slot.running else { return (slot.state, false) }
        let now = Date()
        switch slot.state {
        case .loading:
            slot.running = true
            return (slot.state, true)
        case .loaded(_, let at):
            guard slot.stale || now.timeIntervalSince(at) > maxAge else { return (slot.state, false) }
        case .failed:
            if let retryAt = slot.retryAt, retryAt > now { return (slot.state, false) }
        }
        slot.running = true
        slot.stale = false
        return (slot.state, true)
    }

    private static func finish<Value>(_ slot: inout Slot<Value>, _ result: Result<Value, RegistryError>) {
        slot.running = false
        switch result {
        case .success(let value):
            slot.state = .loaded(value, at: Date())
            slot.failures = 0
            slot.retryAt = nil
        case .failure(let error):
            slot.state = .failed(error, last: slot.state.value)
            slot.failures += 1
            let delay = min(maxRetryDelay, firstRetryDelay * pow(2, Double(slot.failures - 1)))
            slot.retryAt = Date().addingTimeInterval(delay)
        }
    }

    private static func reset<Value>(_ slot: inout Slot<Value>) {
        slot.retryAt = nil
        slot.stale = true
    }
}
