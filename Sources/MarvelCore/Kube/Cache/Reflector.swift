import Foundation
import Synchronization

/// What the cluster cache needs of a reflector, whatever its item type.
protocol CacheReflector: AnyObject, Sendable {
    var status: ReflectorStatus { get }
    func start()
    func stop()
    /// Cuts a back-off short (the server is back).
    func wake()
}

/// Keeps one kind's `KindStore` equal to the server, as client-go's reflector
/// does: it lists the kind page by page (decoding each page as it arrives, so
/// the list is never held as text), then watches from the list's
/// resourceVersion with bookmarks and a jittered `timeoutSeconds`, and resumes
/// from the last resourceVersion seen (event or bookmark) when a watch ends or
/// breaks. A 410 Gone (HTTP or an ERROR event: the version was compacted away)
/// lists again. Failures back off with jittered doubling delays; a 429 waits at
/// least its Retry-After. A 403 on the every-namespace list narrows it to
/// `fallbackNamespace`. Runs on its own thread until stopped.
final class Reflector<Item: Sendable & Equatable>: CacheReflector {
    /// Decodes one object; a list's pages pass an interner (one per page) to share repeated values.
    typealias Decode = @Sendable (JSONValue, ValueInterner?) throws(KubeDecodingError) -> Item?

    let kind: CachedKind
    let client: KubeClient
    let store: KindStore<Item>
    let settings: ReflectorSettings
    let fallbackNamespace: String?
    private let decode: Decode
    /// How list pages' items are read (watch events are decoded with `decode`).
    private let reader: ListItemReader<Item>
    /// Called after the store changed (`true`) or only the reflector's status (`false`).
    private let onChange: @Sendable (_ data: Bool) -> Void
    /// Called whenever bytes came from the server (liveness).
    private let onActivity: @Sendable () -> Void
    private let pause = Pause()
    private let cancel = CancelFlag()
    private let state: Mutex<ReflectorStatus>
    private let started = Mutex(false)

    init(
        kind: CachedKind, client: KubeClient, store: KindStore<Item>, settings: ReflectorSettings, fallbackNamespace: String?,
        reader: ListItemReader<Item>? = nil, decode: @escaping Decode,
        onChange: @escaping @Sendable (_ data: Bool) -> Void, onActivity: @escaping @Sendable () -> Void
    ) {
        self.reader = reader ?? .masked(.all, decode)
        self.kind = kind
        self.client = client
        self.store = store
        self.settings = settings
        self.fallbackNamespace = fallbackNamespace
        self.decode = decode
        self.onChange = onChange
        self.onActivity = onActivity
        state = Mutex(ReflectorStatus(kind: kind))
    }

    var status: ReflectorStatus { state.withLock { $0 } }

    func start() {
        guard started.withLock({ s -> Bool in defer { s = true }; return !s }) else { return }
        let thread = Thread { [self] in run() }
        thread.name = "marvdash.reflector.\(kind.resource)"
        thread.start()
    }

    func stop() {
        pause.stop()
        cancel.cancel()
    }

    func wake() { pause.wake() }

    // MARK: the loop

    /// What to do after a failed list or watch.
    private enum Next: Error {
        /// List again at once (410 Gone, or the list was narrowed to a namespace).
        case relist
        /// Back off (doubling per failure in a row), then list again or resume the watch.
        case backoff(relist: Bool)
        /// Wait this long (Retry-After, an unavailable kind), then list again or resume the watch.
        case wait(Double, relist: Bool)
    }

    private func run() {
        var needList = true
        var failures = 0
        while !pause.isStopped {
            if needList {
                switch list() {
                case .success:
                    needList = false
                    failures = 0
                case .failure(let next):
                    failures += 1
                    needList = true
                    if !follow(next, failures: failures, needList: &needList) { return }
                    continue
                }
            }
            let opened = Date()
            switch watch() {
            case .success(let receivedEvents):
                // A watch the server ends at once, again and again, must not spin.
                if !receivedEvents && Date().timeIntervalSince(opened) < 1 {
                    failures += 1
                    if !pause.sleep(settings.backoff(afterFailures: failures)) { return }
                } else {
                    failures = 0
                }
            case .failure(let next):
                failures += 1
                if !follow(next, failures: failures, needList: &needList) { return }
            }
        }
    }

    /// Applies a failure's next step; false once stopped.
    private func follow(_ next: Next, failures: Int, needList: inout Bool) -> Bool {
        switch next {
        case .relist:
            needList = true
            return !pause.isStopped
        case .backoff(let relist):
            if relist { needList = true }
            return pause.sleep(settings.backoff(afterFailures: failures))
        case .wait(let seconds, let relist):
            if relist { needList = true }
            return pause.sleep(max(seconds, 0))
        }
    }

    private var namespace: String? {
        state.withLock { $0.namespace }
    }

    // MARK: list

    private func list() -> Result<Void, Next> {
        state.withLock { $0.lists += 1 }
        let kind = self.kind
        let decoder = ListPageDecoder(reader: reader, describe: { "\(kind): \($0)" })
        var token: String?
        var resourceVersion = ""
        var restarted = false
        let path = kind.path(namespace: namespace)
        repeat {
            var query = kind.selectorQuery
            query["limit"] = String(client.pageSize)
            if let token { query["continue"] = token }
            let response: HTTPResponse
            do {
                response = try client.exchange(.get, path, query: query)
            } catch {
                decoder.reset()
                return .failure(failed(error.description, retryAfter: nil))
            }
            onActivity()
            guard (200..<300).contains(response.status) else {
                if response.status == 410 && !restarted && token != nil {
                    // The continue token expired mid-list: start the list over once.
                    restarted = true
                    token = nil
                    decoder.reset()
                    continue
                }
                decoder.reset()
                return .failure(refused(response, path: path, query: query))
            }
            // The decoder hands back where the list goes as soon as it has read it, so the next page downloads while this one decodes.
            let url = SecretRedaction.url(client.url(path, query: query))
            let metadata: JSONValue
            switch decoder.add(response.body, url: url) {
            case .metadata(let read): metadata = read
            case .notJSON:
                decoder.reset()
                return .failure(failed("\(url): the answer is not JSON", retryAfter: nil))
            case .skipped: metadata = .null  // an earlier page failed: finish() reports it
            }
            resourceVersion = metadata["resourceVersion"]?.stringValue ?? resourceVersion
            token = metadata["continue"]?.stringValue
            if token?.isEmpty == true || decoder.hasFailed { token = nil }
        } while token != nil
        let fresh: KeyedItems<Item>
        switch decoder.finish() {
        case .success(let items): fresh = items
        case .failure(let failure): return .failure(failed(failure.message, retryAfter: nil))
        }
        if store.replace(with: fresh) { onChange(true) }
        if fresh.count > 1_000 { FreedMemory.release() }  // the pages' garbage, spread over the decoders' arenas
        state.withLock { s in
            s.synced = true
            s.resourceVersion = resourceVersion
            s.lastError = nil
            s.failingSince = nil
            s.unavailable = nil
        }
        onChange(false)  // synced state may be news too
        return .success(())
    }

    // MARK: watch

    /// Watches until the stream ends; success says whether any event arrived.
    private func watch() -> Result<Bool, Next> {
        let (rv, ns) = state.withLock { s -> (String, String?) in
            s.watches += 1
            return (s.resourceVersion, s.namespace)
        }
        let timeout = Int.random(in: settings.watchTimeout)
        var query = kind.selectorQuery
        query["watch"] = "true"
        query["allowWatchBookmarks"] = "true"
        query["timeoutSeconds"] = String(timeout)
        query["resourceVersion"] = rv
        let path = kind.path(namespace: ns)
        var splitter = WatchLineSplitter()
        var outcome: Next?
        var events = 0
        let response: HTTPResponse
        do {
            response = try client.exchange(
                .get, path, query: query, timeout: Double(timeout) + settings.watchGrace, cancel: cancel
            ) { [self] piece in
                onActivity()
                if piece.isEmpty {  // the 2xx headers are in: the watch is open
                    markWatching()
                    return !pause.isStopped
                }
                for line in splitter.feed(piece) {
                    if let next = apply(line) {
                        outcome = next
                        return false
                    }
                    events += 1
                }
                return !pause.isStopped
            }
        } catch {
            if pause.isStopped { return .success(true) }
            state.withLock { $0.watching = false }
            return .failure(failed(error.description, retryAfter: nil, rewatch: true))
        }
        state.withLock { $0.watching = false }
        if let outcome { return .failure(outcome) }
        guard (200..<300).contains(response.status) else {
            if response.status == 410 { return .failure(.relist) }
            return .failure(refused(response, path: path, query: query))
        }
        state.withLock { s in
            s.watching = true
            s.lastError = nil
            s.failingSince = nil
        }
        return .success(events > 0)
    }

    /// Applies one watch event; returns what to do instead of going on, if anything.
    private func apply(_ line: ArraySlice<UInt8>) -> Next? {
        guard let event = try? JSONValue.parse(line), let type = event["type"]?.stringValue, let object = event["object"] else {
            return failed("\(kind): the watch sent a line that is not an event", retryAfter: nil, rewatch: true)
        }
        markWatching()
        let version = object.at("metadata", "resourceVersion")?.stringValue
        switch type {
        case "ADDED", "MODIFIED":
            guard let key = Self.key(object) else { break }
            do {
                if let item = try decode(object, nil) {
                    if store.upsert(key, item) { onChange(true) }
                } else if store.remove(key) {
                    onChange(true)
                }
            } catch {
                return failed("\(kind): \(error)", retryAfter: nil, rewatch: true)
            }
        case "DELETED":
            if let key = Self.key(object), store.remove(key) { onChange(true) }
        case "BOOKMARK":
            break
        case "ERROR":
            let code = object["code"]?.intValue ?? 0
            if code == 410 { return .relist }
            let message = object["message"]?.stringValue ?? "watch error \(code)"
            return failed("\(kind): the watch ended with \(code): \(message)", retryAfter: nil, rewatch: true)
        default:
            return failed("\(kind): unknown watch event type \(type)", retryAfter: nil, rewatch: true)
        }
        if let version, !version.isEmpty { state.withLock { $0.resourceVersion = version } }
        return nil
    }

    // MARK: failures

    /// A non-2xx answer to a list or watch: 403 narrows or gives up, 404 waits long, 429 waits its Retry-After.
    private func refused(_ response: HTTPResponse, path: String, query: [String: String]) -> Next {
        let error = client.statusError(response, method: .get, url: client.url(path, query: query))
        switch response.status {
        case 403:
            let narrowed = state.withLock { s -> Bool in
                guard kind.namespaced, s.namespace == nil, let fallback = fallbackNamespace else { return false }
                s.namespace = fallback
                return true
            }
            if narrowed { return .relist }
            markUnavailable(error.description)
            return .wait(settings.unavailableRetry, relist: true)
        case 404:
            markUnavailable(error.description)
            if store.replace(with: KeyedItems()) { onChange(true) }
            state.withLock { $0.synced = true }  // nothing to wait for: the server has none of these
            onChange(false)
            return .wait(settings.unavailableRetry, relist: true)
        case 429:
            let retryAfter = response.headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            return failed(error.description, retryAfter: retryAfter ?? settings.initialBackoff, relist: query["watch"] == nil)
        default:
            return failed(error.description, retryAfter: nil, rewatch: query["watch"] != nil)
        }
    }

    /// Records a failure; the next step backs off (or waits `retryAfter`).
    private func failed(_ message: String, retryAfter: Double?, rewatch: Bool = false, relist: Bool = true) -> Next {
        state.withLock { s in
            s.lastError = message
            if s.failingSince == nil { s.failingSince = Date() }
        }
        onChange(false)
        if let retryAfter { return .wait(min(retryAfter, settings.retryAfterCap), relist: relist && !rewatch) }
        return .backoff(relist: !rewatch)
    }

    /// The watch is open: failures are over.
    private func markWatching() {
        let recovered = state.withLock { s -> Bool in
            s.watching = true
            guard s.lastError != nil else { return false }
            s.lastError = nil
            s.failingSince = nil
            return true
        }
        if recovered { onChange(false) }
    }

    private func markUnavailable(_ message: String) {
        state.withLock { s in
            s.unavailable = message
            s.lastError = nil
            s.failingSince = nil
        }
        onChange(false)
    }

    /// "namespace/name" of an object (cluster-scoped: "/name").
    static func key(_ object: JSONValue) -> String? { ObjectKeyText.key(object) }
}
