import Dispatch
import Synchronization

/// Decodes the pages of one list on worker threads while the reflector
/// downloads the next page: at most `inFlight` pages wait or decode at once
/// (so the list is never held whole as text). Each page is read in one pass
/// (`ListPageScan`): its metadata goes back to the reflector as soon as it is
/// read, its items are read one by one by `reader` (pods and nodes straight
/// from their bytes, other kinds parsed keeping only the fields their decoder
/// reads), gathered by "namespace/name". The first failure wins and is
/// reported by `finish()`.
final class ListPageDecoder<Item: Sendable>: Sendable {
    private let reader: ListItemReader<Item>
    private let describe: @Sendable (String) -> String
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let results = Mutex<(items: KeyedItems<Item>, failure: String?)>((KeyedItems(), nil))

    /// `describe` turns a failure into the reflector's message (naming the kind or URL).
    init(reader: ListItemReader<Item>, inFlight: Int = 2, describe: @escaping @Sendable (String) -> String) {
        self.reader = reader
        self.describe = describe
        slots = DispatchSemaphore(value: max(1, inFlight))
    }

    /// What `add` learnt of a page before its items were decoded.
    enum PageStart {
        /// The page's `metadata` (resourceVersion, continue), `.null` when it has none.
        case metadata(JSONValue)
        /// The page is not JSON before its metadata.
        case notJSON
        /// An earlier page failed: this one was not read (`finish()` reports why).
        case skipped
    }

    /// Queues one page body (waiting while `inFlight` pages are already queued) and returns
    /// its `metadata` as soon as the worker has read it, before the items are decoded.
    func add(_ body: [UInt8], url: String) -> PageStart {
        slots.wait()
        group.enter()
        let metadata = PageMetadataBox<Item>()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            defer {
                metadata.publish(.notJSON)  // no-op once published
                slots.signal()
                group.leave()
            }
            if results.withLock({ $0.failure != nil }) {
                metadata.publish(.skipped)
                return
            }
            let scan: ListPageScan<Item>
            do {
                scan = try ListPageScan.scan(body, reader: reader, onMetadata: { metadata.publish(.metadata($0)) })
            } catch {
                fail("\(url): the answer is not JSON")
                return
            }
            if let failure = scan.failure {
                fail(describe("\(failure)"))
                return
            }
            results.withLock { r in
                for (key, value) in scan.items { r.items.set(key, value) }
            }
        }
        return metadata.wait()
    }

    /// True once a page failed: the rest of the list need not be read.
    var hasFailed: Bool { results.withLock { $0.failure != nil } }

    private func fail(_ message: String) {
        results.withLock { r in if r.failure == nil { r.failure = message } }
    }

    /// Waits for every queued page; drops what was gathered (a list started over).
    func reset() {
        group.wait()
        results.withLock { $0 = (KeyedItems(), nil) }
    }

    /// Waits for every queued page: the objects by key, or the first failure.
    func finish() -> Result<KeyedItems<Item>, ListDecodeFailure> {
        group.wait()
        return results.withLock { r in
            if let failure = r.failure { return .failure(ListDecodeFailure(message: failure)) }
            return .success(r.items)
        }
    }
}

/// A page's metadata handed from the worker that reads it to the reflector waiting for it.
private final class PageMetadataBox<Item: Sendable>: Sendable {
    private let value = Mutex<(published: Bool, start: ListPageDecoder<Item>.PageStart)>((false, .skipped))
    private let ready = DispatchSemaphore(value: 0)

    /// Sets what the page starts with; only the first call counts.
    func publish(_ start: ListPageDecoder<Item>.PageStart) {
        let first = value.withLock { v in
            if v.published { return false }
            v = (true, start)
            return true
        }
        if first { ready.signal() }
    }

    /// Waits until `publish` has been called.
    func wait() -> ListPageDecoder<Item>.PageStart {
        ready.wait()
        return value.withLock { $0.start }
    }
}

/// Why a list's pages could not be decoded.
struct ListDecodeFailure: Error {
    var message: String
}

/// "namespace/name" of an API object (cluster-scoped: "/name"), the key of the cache's stores.
enum ObjectKeyText {
    static func key(_ object: JSONValue) -> String? {
        guard let name = object.at("metadata", "name")?.stringValue, !name.isEmpty else { return nil }
        return (object.at("metadata", "namespace")?.stringValue ?? "") + "/" + name
    }
}
