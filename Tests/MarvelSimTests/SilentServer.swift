import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on loopback that accepts connections and never answers:
/// what a frozen API server looks like from outside. Connections are held
/// until `stop()`.
final class SilentServer: Sendable {
    let port: Int
    private let listener: Int32
    private let held = Mutex<[Int32]>([])
    private let stopped = Mutex(false)
    private let loopDone = DispatchSemaphore(value: 0)

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SilentServerError.socket }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard bound, listen(fd, 64) == 0 else {
            close(fd)
            throw SilentServerError.socket
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        let thread = Thread { [self] in
            while !stopped.withLock({ $0 }) {
                var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
                guard poll(&fds, 1, 100) > 0 else { continue }
                let client = accept(listener, nil, nil)
                if client >= 0 { held.withLock { $0.append(client) } }
            }
            loopDone.signal()
        }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func stop() {
        guard !stopped.withLock({ s -> Bool in defer { s = true }; return s }) else { return }
        loopDone.wait()
        for fd in held.withLock({ $0 }) { close(fd) }
        close(listener)
    }
}

enum SilentServerError: Error { case socket }
