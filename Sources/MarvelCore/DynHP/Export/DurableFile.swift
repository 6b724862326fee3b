import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes that survive a crash or a power cut once they return: the bytes are flushed to
/// the disk (`fsync`) before the caller builds on them, as a checkpoint must be complete
/// before anything points at it.
enum DurableFile {
    /// Writes `bytes` to `path` (created or truncated) and flushes them.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot create") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot write")
            }
            offset += n
        }
        guard fsync(fd) == 0 else { throw failure(path, "cannot flush") }
    }

    /// Flushes a directory's entries (new, renamed or removed names) to the disk.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open") }
        defer { close(fd) }
        guard fsync(fd) == 0 || errno == EINVAL else { throw failure(path, "cannot flush") }
    }

    private static func failure(_ path: String, _ what: String) -> DynHPError {
        DynHPError("\(path): \(what) (\(String(cString: strerror(errno)))); check the --out directory")
    }
}
