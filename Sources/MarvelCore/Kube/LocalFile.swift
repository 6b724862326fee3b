#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads with the operating system's reason on failure.
enum LocalFile {
    /// A failed read: the errno and its text. Callers add the path and the field that named it.
    struct ReadError: Error, CustomStringConvertible {
        var code: Int32
        var detail: String
        var isNotFound: Bool { code == ENOENT || code == ENOTDIR }
        var description: String { detail }
    }

    /// Files larger than this are refused (a kubeconfig or a PEM is a few KiB).
    static let maxBytes = 16 << 20

    /// The whole file, refused past `limit` bytes (a device such as /dev/zero never ends).
    /// Unlike `FileManager.contents(atPath:)`, it leaks nothing on empty files.
    static func read(_ path: String, limit: Int = maxBytes) throws(ReadError) -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            let code = errno
            throw ReadError(code: code, detail: String(cString: strerror(code)))
        }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n > 0 { out.append(contentsOf: buffer[0..<n]) }
            if out.count > limit { throw ReadError(code: EFBIG, detail: "file is larger than \(limit >> 20) MiB") }
            if n < buffer.count {
                if ferror(f) != 0 {
                    let code = errno
                    throw ReadError(code: code, detail: String(cString: strerror(code)))
                }
                return out
            }
        }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The folder of a path ("/a/b/c" → "/a/b", "c" → ".").
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` resolved against `base` unless it is absolute; "~/" expands to `home`.
    static func resolve(_ path: String, against base: String, home: String?) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home { return home + "/" + path.dropFirst(2) }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }
}
