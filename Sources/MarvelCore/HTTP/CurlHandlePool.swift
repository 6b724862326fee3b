import CCurl
import Synchronization

/// An easy handle owned by exactly one transfer at a time.
///
/// `@unchecked Sendable` is safe because libcurl allows an easy handle on any
/// thread as long as one thread uses it at a time, and the pool guarantees
/// that: `acquire` removes the handle from the idle list under the mutex before
/// handing it out, only the acquiring transfer touches it until `release`
/// puts it back (under the same mutex), and `deinit` cleans up only idle ones.
struct CurlHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// Idle libcurl easy handles kept for reuse, so consecutive requests from the
/// same client share connections (keep-alive) and TLS sessions. A handle is
/// used by one thread at a time: `acquire` hands it out, `release` takes it back.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlHandle]>([])
    private let capacity: Int

    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    /// An idle handle (options already reset), or a fresh one; nil if libcurl cannot allocate.
    func acquire() -> CurlHandle? {
        guard CurlRuntime.ready else { return nil }
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return curl_easy_init().map(CurlHandle.init(raw:))
    }

    /// Returns a handle after its transfer finished; its options (which point at
    /// per-transfer memory) are cleared, its connections and TLS sessions kept.
    func release(_ handle: CurlHandle) {
        curl_easy_reset(handle.raw)
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < capacity else { return false }
            handles.append(handle)
            return true
        }
        if !kept { curl_easy_cleanup(handle.raw) }
    }

    deinit {
        let handles = idle.withLock { handles -> [CurlHandle] in
            defer { handles.removeAll() }
            return handles
        }
        for handle in handles { curl_easy_cleanup(handle.raw) }
    }
}
