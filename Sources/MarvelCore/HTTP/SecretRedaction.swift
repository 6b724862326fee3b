/// Keeps credentials out of messages: the user-info part of a URL
/// ("https://user:pass@host" → "https://***@host"), credential-like query
/// values and the values of credential headers are replaced by "***".
/// Every description that shows a URL or a header goes through it.
public enum SecretRedaction {
    /// What stands in for a removed secret.
    public static let mask = "***"

    /// Header fields whose values are credentials (names lower-cased).
    static let sensitiveHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-auth-token", "x-api-key",
    ]

    /// `url` without user-info or credential-like query values; other text unchanged.
    public static func url(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        var out = String(url[..<schemeEnd.upperBound])
        if let at = afterScheme[..<authorityEnd].lastIndex(of: "@") {
            out += mask + afterScheme[at..<authorityEnd]
        } else {
            out += afterScheme[..<authorityEnd]
        }
        let rest = afterScheme[authorityEnd...]
        guard let question = rest.firstIndex(of: "?") else { return out + rest }
        out += rest[...question]
        let query = rest[rest.index(after: question)...]
        let fragmentStart = query.firstIndex(of: "#") ?? query.endIndex
        let pairs = query[..<fragmentStart].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "="), isSensitiveName(pair[..<equals]) else { return String(pair) }
            return pair[...equals] + mask
        }
        return out + pairs.joined(separator: "&") + query[fragmentStart...]
    }

    /// The value to show for a header: masked for credential headers.
    public static func headerValue(name: String, value: String) -> String {
        sensitiveHeaders.contains(name.lowercased()) ? mask : value
    }

    /// Query parameter names that carry credentials (`access_token`, `password`, …).
    private static func isSensitiveName(_ name: Substring) -> Bool {
        let lower = name.lowercased()
        return ["token", "password", "passwd", "secret", "apikey", "api_key", "signature"].contains { lower.contains($0) }
    }
}
