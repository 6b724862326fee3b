/// Splits a request target into its percent-decoded path and query, strictly: each path
/// segment is decoded on its own and may not decode to a `/` (`%2F` would otherwise move
/// a segment boundary before routing), a NUL, another control character or invalid UTF-8;
/// no query key or value may hold a NUL.
enum RequestTargetDecoder {
    /// Why a target was refused (answered 400).
    struct Refusal: Error, Equatable {
        var message: String
    }

    static func decode(_ target: String) -> Result<(path: String, query: [String: String]), Refusal> {
        var rest = Substring(target)
        if let schemeEnd = rest.range(of: "://"), rest.hasPrefix("http") {
            let afterScheme = rest[schemeEnd.upperBound...]
            rest = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterScheme[$0...] } ?? "/"
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        if rest == "*" { return .success(("*", [:])) }
        guard rest.hasPrefix("/") else { return .failure(Refusal(message: "malformed request target")) }
        let rawPath: Substring
        let rawQuery: Substring
        if let mark = rest.firstIndex(of: "?") {
            rawPath = rest[..<mark]
            rawQuery = rest[rest.index(after: mark)...]
        } else {
            rawPath = rest
            rawQuery = ""
        }
        var segments: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: false) {
            guard let bytes = percentDecodedBytes(raw, plusIsSpace: false) else {
                return .failure(Refusal(message: "malformed request target: bad %-escape in the path"))
            }
            if bytes.contains(UInt8(ascii: "/")) {
                return .failure(Refusal(message: "malformed request target: a path segment may not contain an encoded '/' (%2F)"))
            }
            if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                return .failure(Refusal(message: "malformed request target: the path holds a NUL or control character"))
            }
            guard let segment = String(validating: bytes, as: UTF8.self) else {
                return .failure(Refusal(message: "malformed request target: the path is not valid UTF-8"))
            }
            segments.append(segment)
        }
        var query: [String: String] = [:]
        for pair in rawQuery.split(separator: "&") where !pair.isEmpty {
            let key: Substring
            let value: Substring
            if let equals = pair.firstIndex(of: "=") {
                key = pair[..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                key = pair
                value = ""
            }
            guard let k = percentDecodedBytes(key, plusIsSpace: true), let v = percentDecodedBytes(value, plusIsSpace: true)
            else { return .failure(Refusal(message: "malformed request target: bad %-escape in the query")) }
            if k.contains(0) || v.contains(0) {
                return .failure(Refusal(message: "malformed request target: the query holds a NUL"))
            }
            query[String(decoding: k, as: UTF8.self)] = String(decoding: v, as: UTF8.self)
        }
        return .success((segments.joined(separator: "/"), query))
    }

    /// Decodes %XX escapes (and '+' as space in queries); nil for a malformed escape.
    static func percentDecodedBytes(_ text: Substring, plusIsSpace: Bool) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue)
                else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(0x20)
            default:
                bytes.append(byte)
            }
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
