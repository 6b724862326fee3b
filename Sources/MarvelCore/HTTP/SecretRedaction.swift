import Foundation

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

/// The credentials one request carried — the Authorization header (bearer
/// token; basic-auth user:password), other credential headers, and the client
/// key of its TLS material — so that anything taken from the server's answer
/// (an error body, a Status message) is scrubbed of them before it reaches a
/// screen, a log or an error line: a server may echo the Authorization header
/// in a 401, 403 or 500 message. `scrub` also masks anything that looks like
/// a credential whoever sent it: `Bearer <long token>`, `Basic <base64>` and
/// PEM private-key blocks.
public struct SentCredentials: Sendable {
    /// Each secret in the forms a server may echo it, longest first.
    let secrets: [String]

    /// Secrets shorter than this are only removed where they make a whole word.
    static let shortSecretLength = 4

    /// No known credential: `scrub` applies the patterns only.
    public init() { secrets = [] }

    /// The credentials in `headers` and, when given, the client key of `tls`.
    public init(headers: [(name: String, value: String)], tls: TLSOptions? = nil) {
        var found: [String] = []
        for header in headers where SecretRedaction.sensitiveHeaders.contains(header.name.lowercased()) {
            let value = header.value.trimmingCharacters(in: .whitespaces)
            found.append(value)
            let parts = value.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let credential = parts[1].trimmingCharacters(in: .whitespaces)
            found.append(credential)
            if parts[0].lowercased() == "basic", let data = Data(base64Encoded: credential), let pair = String(data: data, encoding: .utf8) {
                found.append(pair)
                if let colon = pair.firstIndex(of: ":") { found.append(String(pair[pair.index(after: colon)...])) }
            }
        }
        if let key = tls?.clientKeyPEM, let pem = String(bytes: key, encoding: .utf8) {
            found.append(pem.trimmingCharacters(in: .whitespacesAndNewlines))
            let body = pem.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("-----") && !$0.isEmpty }
            found.append(body.joined())
            found += body.filter { $0.count >= 16 }
        }
        secrets = Array(Set(found.filter { !$0.isEmpty })).sorted { ($0.count, $0) > ($1.count, $1) }
    }

    /// `text` without the request's credentials or anything shaped like one.
    public func scrub(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = secret.count >= Self.shortSecretLength
                ? out.replacingAll(secret, with: SecretRedaction.mask) : out.replacingWholeWords(secret, with: SecretRedaction.mask)
        }
        return Self.scrubPatterns(out)
    }

    /// Masks PEM private keys, `Bearer` tokens of 16 characters or more and `Basic` credentials.
    static func scrubPatterns(_ text: String) -> String {
        var out = text
        if let pem = try? Regex("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)") {
            out = out.replacing(pem, with: SecretRedaction.mask)
        }
        if let bearer = try? Regex("(?i)(bearer)(\\s+)[A-Za-z0-9._~+/=-]{16,}") {
            out = out.replacing(bearer) { match in "\(match.output[1].substring ?? "Bearer")\(match.output[2].substring ?? " ")\(SecretRedaction.mask)" }
        }
        if let basic = try? Regex("(?i)(basic)(\\s+)([A-Za-z0-9+/]{8,}={0,2})") {
            out = out.replacing(basic) { match in
                let whole = String(match.output[0].substring ?? "")
                guard let credential = match.output[3].substring, looksEncoded(credential) else { return whole }
                return "\(match.output[1].substring ?? "Basic")\(match.output[2].substring ?? " ")\(SecretRedaction.mask)"
            }
        }
        return out
    }

    /// Whether a word after "Basic" is base64 rather than prose: a digit or `+/=`, or capitals after its first letter.
    static func looksEncoded(_ word: Substring) -> Bool {
        word.contains { $0.isNumber || "+/=".contains($0) } || (word.dropFirst().contains(where: \.isUppercase) && word.contains(where: \.isLowercase))
    }
}
