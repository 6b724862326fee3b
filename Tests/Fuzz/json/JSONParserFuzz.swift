import MarvelCore

/// The JSON parser (API bodies, metrics lines, checkpoints, model folders); whatever it
/// accepts must serialise to JSON that parses again.
enum JSONParserFuzz {
    static let target = FuzzTarget(name: "json", summary: "JSON parser and serialiser round trip") { bytes in
        guard let value = try? JSONValue.parse(bytes) else { return }
        for text in [value.jsonString(), value.prettyJSONString()] {
            do {
                _ = try JSONValue.parse(text)
            } catch {
                fatalError("serialised JSON does not parse: \(error)\n\(text)")
            }
        }
        if case .object(let object) = value {
            for member in object { precondition(object[member.key] != nil, "a member is not found by its key") }
        }
    }
}
