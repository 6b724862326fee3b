/// YAML entry points: parse to node trees, load to JSON values (YAML 1.1
/// resolution as PyYAML does it) and emit block-style YAML.
public enum YAML {
    /// Parses a stream into one node per document, aliases expanded.
    public static func parse(_ text: String, file: String? = nil, limits: YAMLLimits = YAMLLimits()) throws -> [YAMLNode] {
        try YAMLTreeBuilder(file: file, limits: limits).parse(text)
    }

    /// Parses a stream and converts each document to a JSON value.
    public static func load(_ text: String, file: String? = nil, limits: YAMLLimits = YAMLLimits()) throws -> [JSONValue] {
        let nodes = try parse(text, file: file, limits: limits)
        do {
            return try nodes.map { try $0.toJSON() }
        } catch var error as YAMLError {
            if error.file == nil { error.file = file }
            throw error
        }
    }

    /// One document in block style (no leading "---").
    public static func emit(_ value: JSONValue) -> String {
        emit(documents: [value])
    }

    /// Several documents; each after the first starts with "---".
    public static func emit(documents: [JSONValue]) -> String {
        emit(nodes: documents.map { YAMLNode(json: $0) })
    }

    /// Documents from node trees, keeping scalar styles, tags and the first
    /// use of each anchor (where libyaml can write the style as asked).
    public static func emit(nodes: [YAMLNode]) -> String {
        do {
            return try YAMLTreeEmitter().emit(nodes)
        } catch {
            // libyaml refuses only odd tags; write the same content without them.
            return (try? YAMLTreeEmitter().emit(nodes.map(\.withoutTagsAndAnchors))) ?? ""
        }
    }
}

extension YAMLNode {
    /// The same tree with every tag and anchor removed.
    var withoutTagsAndAnchors: YAMLNode {
        var copy = self
        copy.tag = nil
        copy.anchor = nil
        switch kind {
        case .scalar: break
        case .sequence(let items): copy.kind = .sequence(items.map(\.withoutTagsAndAnchors))
        case .mapping(let pairs):
            copy.kind = .mapping(pairs.map { YAMLPair(key: $0.key.withoutTagsAndAnchors, value: $0.value.withoutTagsAndAnchors) })
        }
        return copy
    }
}
