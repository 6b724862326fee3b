import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 GET over a loopback socket, for reading what the embedded
/// cluster stores (the tests depend on no HTTP client beyond the binary under test).
enum PlainHTTP {
    /// The body of `GET url` (http://127.0.0.1:PORT/path), or nil when the request fails.
    static func get(_ url: String) -> String? {
        guard let rest = url.split(separator: "//", maxSplits: 1).last,
              let slash = rest.firstIndex(of: "/"),
              let colon = rest[..<slash].lastIndex(of: ":"),
              let port = UInt16(rest[rest.index(after: colon)..<slash])
        else { return nil }
        let path = String(rest[slash...])
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(port.bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let head = text[..<split.lowerBound].lowercased()
        let body = String(text[split.upperBound...])
        return head.contains("transfer-encoding: chunked") ? dechunk(body) : body
    }

    /// The payload of a chunked body.
    static func dechunk(_ body: String) -> String {
        var out = ""
        var rest = Substring(body)
        while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0 {
            let start = lineEnd.upperBound
            let bytes = Array(rest[start...].utf8.prefix(size))
            out += String(decoding: bytes, as: UTF8.self)
            rest = Substring(String(decoding: rest[start...].utf8.dropFirst(size + 2), as: UTF8.self))
        }
        return out
    }

    /// The `server:` URL of a kubeconfig file.
    static func server(inKubeconfig path: String) -> String? {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.contains("server:") }) else { return nil }
        return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
    }
}
