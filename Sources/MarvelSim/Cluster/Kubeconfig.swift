import Foundation
import MarvelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The kubeconfig that points kubectl (or marvdash) at the embedded cluster.
struct Kubeconfig {
    var server: String
    var contextName: String
    /// The bearer token the user presents (a cluster started with `--token`).
    var token: String? = nil

    var yaml: String {
        let name = quoted(contextName)
        let user = token.map { "\n    token: \(quoted($0))" } ?? " {}"
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: \(name)
              cluster:
                server: \(quoted(server))
            users:
            - name: \(name)
              user:\(user)
            contexts:
            - name: \(name)
              context:
                cluster: \(name)
                user: \(name)
                namespace: default
            current-context: \(name)
            preferences: {}

            """
    }

    /// A double-quoted YAML scalar (JSON string syntax is valid YAML).
    private func quoted(_ s: String) -> String {
        JSONValue.string(s).jsonString()
    }

    /// Writes the file with mode 0600, replacing any previous content.
    func write(to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw KubeconfigWriteError(path: path, errno: errno) }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw KubeconfigWriteError(path: path, errno: errno) }
        let bytes = Array(yaml.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw KubeconfigWriteError(path: path, errno: errno)
            }
            written += n
        }
    }
}

/// The C library's write(2), named apart from the method-less call site.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(fd, buffer, count)
    #else
        return Darwin.write(fd, buffer, count)
    #endif
}

/// Writing the embedded cluster's kubeconfig failed.
public struct KubeconfigWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var errno: Int32

    public var description: String {
        "cannot write kubeconfig \(path): \(String(cString: strerror(errno))); choose a writable path"
    }
}
