import Dispatch
import Synchronization

/// Decodes the pages of one list on worker threads while the reflector
/// downloads the next page: at most `inFlight` pages wait or decode at once
/// (so the list is never held whole as text), each parsed keeping only the
/// fields the cache's decoder reads (`itemMask`), and their objects gathered
/// by "namespace/name". The first failure wins and is reported by `finish()`.
final class ListPageDecoder<Item: Sendable>: Sendable {
    typealias Decode = @Sendable (JSONValue, ValueInterner?) throws(KubeDecodingError) -> Item?

    private let decode: Decode
    private let pageMask: JSONFieldMask
    private let describe: @Sendable (String) -> String
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let results = Mutex<(items: KeyedItems<Item>, failure: String?)>((KeyedItems(), nil))

    /// `describe` turns a failure into the reflector's message (naming the kind or URL).
    init(itemMask: JSONFieldMask, inFlight: Int = 2, decode: @escaping Decode, describe: @escaping @Sendable (String) -> String) {
        self.decode = decode
        pageMask = DecodingMasks.listPage(of: itemMask)
        self.describe = describe
        slots = DispatchSemaphore(value: max(1, inFlight))
    }

    /// The page's `metadata` (resourceVersion, continue) read without building its items,
    /// so the next page can be asked for before this one is decoded; nil when it is not JSON.
    static func metadata(of body: [UInt8]) -> JSONValue? {
        guard let page = try? JSONValue.parse(body, keeping: .fields(["metadata": .all])) else { return nil }
        return page["metadata"] ?? .null
    }

    /// Queues one page body; waits while `inFlight` pages are already queued.
    func add(_ body: [UInt8], url: String) {
        slots.wait()
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            defer {
                slots.signal()
                group.leave()
            }
            if results.withLock({ $0.failure != nil }) { return }
            var decoded: [(String, Item)] = []
            do {
                let page = try JSONValue.parse(body, keeping: pageMask)
                // One interner per page: replicas listed together share their labels, containers, requests.
                let interner = ValueInterner()
                for item in page["items"]?.arrayValue ?? [] {
                    guard let key = ObjectKeyText.key(item) else { continue }
                    if let value = try decode(item, interner) { decoded.append((key, value)) }
                }
            } catch let error as KubeDecodingError {
                fail(describe("\(error)"))
                return
            } catch {
                fail("\(url): the answer is not JSON")
                return
            }
            results.withLock { r in
                for (key, value) in decoded { r.items.set(key, value) }
            }
        }
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
