import Foundation

/// A `WWW-Authenticate` challenge (RFC 9110 §11.6.1): the scheme and its
/// parameters, e.g. `Bearer realm="https://auth.example/token",
/// service="registry.example",scope="repository:app:pull"` or
/// `Basic realm="registry"`. Quoted values may hold commas and `\"`.
public struct AuthChallenge: Sendable, Hashable {
    /// Lower-cased: "basic", "bearer".
    public var scheme: String
    /// Parameter names lower-cased.
    public var parameters: [String: String]

    public init(scheme: String, parameters: [String: String] = [:]) {
        self.scheme = scheme.lowercased()
        self.parameters = parameters
    }

    /// The first challenge in a header value; nil when there is none.
    public init?(header: String) {
        var scanner = Array(header)
        var i = 0
        func skipSpaces() { while i < scanner.count, scanner[i] == " " || scanner[i] == "\t" { i += 1 } }
        skipSpaces()
        let start = i
        while i < scanner.count, scanner[i] != " ", scanner[i] != "\t", scanner[i] != "," { i += 1 }
        guard i > start else { return nil }
        let scheme = String(scanner[start..<i])
        var parameters: [String: String] = [:]
        while i < scanner.count {
            skipSpaces()
            while i < scanner.count, scanner[i] == "," || scanner[i] == " " { i += 1 }
            let nameStart = i
            while i < scanner.count, scanner[i] != "=", scanner[i] != ",", scanner[i] != " " { i += 1 }
            let name = String(scanner[nameStart..<i]).lowercased()
            skipSpaces()
            // A name without '=' starts the next challenge (several in one header): stop here.
            guard i < scanner.count, scanner[i] == "=" else { break }
            i += 1
            skipSpaces()
            var value = ""
            if i < scanner.count, scanner[i] == "\"" {
                i += 1
                while i < scanner.count, scanner[i] != "\"" {
                    if scanner[i] == "\\", i + 1 < scanner.count { i += 1 }
                    value.append(scanner[i])
                    i += 1
                }
                i += 1
            } else {
                while i < scanner.count, scanner[i] != "," { value.append(scanner[i]); i += 1 }
                value = value.trimmingCharacters(in: .whitespaces)
            }
            if !name.isEmpty { parameters[name] = value }
        }
        scanner.removeAll()
        self.init(scheme: scheme, parameters: parameters)
    }

    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    public var scope: String? { parameters["scope"] }
}
