import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// A bearer token read from a file (kubeconfig `tokenFile`, the in-cluster
/// service-account token): read again whenever the file changes (its inode,
/// size or modification time, looked at before each request, one `stat`) and
/// when the server answers 401, so rotated tokens are picked up without a restart.
public final class TokenFileCredentials: CredentialProvider {
    public let path: String
    public var summary: String { "token file \(path)" }

    /// What identifies one version of the file.
    private struct Stamp: Equatable {
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
    }

    private struct State {
        var token: String?
        var stamp: Stamp?
        var generation = 0
    }

    private let state = Mutex(State())

    public init(path: String) {
        self.path = path
    }

    public func credentials() throws(CredentialError) -> RequestCredentials {
        let stamp = Self.stamp(of: path)
        let cached = state.withLock { s -> (String, Int)? in
            guard let token = s.token, stamp != nil, s.stamp == stamp else { return nil }
            return (token, s.generation)
        }
        if let (token, generation) = cached { return Self.bearer(token, generation: generation) }
        let token = try read()
        let generation = state.withLock { s -> Int in
            if s.token != token { s.generation += 1 }
            s.token = token
            s.stamp = stamp
            return s.generation
        }
        return Self.bearer(token, generation: generation)
    }

    /// Reads the file again; true when it now holds another token than `used`.
    public func renew(after used: RequestCredentials) -> Bool {
        guard let token = try? read() else { return true }  // the next credentials() reports why
        return state.withLock { s in
            let changed = s.token != token
            if changed { s.generation += 1 }
            s.token = token
            s.stamp = Self.stamp(of: path)
            return changed || s.generation != used.generation
        }
    }

    private func read() throws(CredentialError) -> String {
        let text: String
        do {
            text = String(decoding: try LocalFile.read(path), as: UTF8.self).trimmingWhitespace()
        } catch {
            throw .tokenFile(path: path, detail: error.detail)
        }
        guard !text.isEmpty else { throw .tokenFile(path: path, detail: "the file is empty") }
        return text
    }

    private static func bearer(_ token: String, generation: Int) -> RequestCredentials {
        RequestCredentials(headers: [(name: "Authorization", value: "Bearer \(token)")], generation: generation)
    }

    private static func stamp(of path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(
            inode: UInt64(info.st_ino), size: Int64(info.st_size), seconds: Int(info.st_mtim.tv_sec),
            nanoseconds: Int(info.st_mtim.tv_nsec))
    }
}
