/// Splits a request target into its percent-decoded path and query.
enum RequestTargetDecoder {
    /// nil when the target is not origin- or absolute-form or holds a bad %-escape.
    static func decode(_ target: String) -> (path: String, query: [String: String])? {
        var rest = Substring(target)
        if let schemeEnd = rest.range(of: "://"), rest.hasPrefix("http") {
            let afterScheme = rest[schemeEnd.upperBound...]
            rest = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterScheme[$0...] } ?? "/"
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        if rest == "*" { return ("*", [:]) }
        guard rest.hasPrefix("/") else { return nil }
        let rawPath: Substring
        let rawQuery: Substring
        if let mark = rest.firstIndex(of: "?") {
            rawPath = rest[..<mark]
            rawQuery = rest[rest.index(after: mark)...]
        } else {
            rawPath = rest
            rawQuery = ""
        }
        guard let path = percentDecode(rawPath, plusIsSpace: false) else { return nil }
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
            guard let k = percentDecode(key, plusIsSpace: true), let v = percentDecode(value, plusIsSpace: true)
            else { return nil }
            query[k] = v
        }
        return (path, query)
    }

    /// Decodes %XX escapes (and '+' as space in queries); nil for a malformed escape.
    static func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String? {
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
        return String(decoding: bytes, as: UTF8.self)
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
