/// The parsed request line and header fields of one request.
struct RequestHead {
    var method: String
    /// The request target as sent ("/api/v1/pods?watch=1").
    var target: String
    /// true for HTTP/1.1, false for HTTP/1.0.
    var isHTTP11: Bool
    /// Names lower-cased; repeated fields joined with ", ".
    var headers: [String: String]

    /// Why a head was rejected: the status to answer and a one-line reason.
    struct Rejection: Error, CustomStringConvertible {
        var status: Int
        var message: String
        var description: String { "HTTP \(status): \(message)" }
    }

    /// Parses the head bytes (request line and fields, without the blank line); more than
    /// `maxFields` header fields are refused with 431.
    static func parse(_ bytes: [UInt8], maxFields: Int = 100) throws(Rejection) -> RequestHead {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == 0x0D ? line.dropLast() : line
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let requestLine = lines.first else { throw Rejection(status: 400, message: "empty request") }

        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy(isTokenByte), parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { throw Rejection(status: 400, message: "malformed request line") }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version.hasPrefix("HTTP/1.") else {
            throw Rejection(status: 505, message: "only HTTP/1.0 and HTTP/1.1 are supported")
        }

        guard lines.count - 1 <= maxFields else {
            throw Rejection(status: 431, message: "more than \(maxFields) header fields")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let first = line.first, first != 0x20, first != 0x09 else {
                throw Rejection(status: 400, message: "folded or empty header line")
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw Rejection(status: 400, message: "header line without a colon")
            }
            let nameBytes = line[line.startIndex..<colon]
            guard !nameBytes.isEmpty, nameBytes.allSatisfy(isTokenByte) else {
                throw Rejection(status: 400, message: "invalid header name")
            }
            let name = String(decoding: nameBytes, as: UTF8.self).lowercased()
            let value = trimmed(line[(colon + 1)...])
            if let existing = headers[name] {
                headers[name] = existing + ", " + value
            } else {
                headers[name] = value
            }
        }
        return RequestHead(
            method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
            isHTTP11: version == "HTTP/1.1", headers: headers)
    }

    /// The comma-separated tokens of a header, lower-cased.
    func tokens(_ name: String) -> [String] {
        guard let value = headers[name] else { return [] }
        return value.split(separator: ",").map { trimmed(Array($0.utf8)[...]).lowercased() }.filter { !$0.isEmpty }
    }

    /// Whether the connection may stay open after this request (before the response has its say).
    var keepAlive: Bool {
        let connection = tokens("connection")
        return isHTTP11 ? !connection.contains("close") : connection.contains("keep-alive")
    }

    /// RFC 9110 token characters (method and field names).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// The bytes without leading and trailing spaces and tabs, as text.
private func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
    let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
    guard let first = bytes.firstIndex(where: { !isSpace($0) }),
          let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(decoding: bytes[first...last], as: UTF8.self)
}
