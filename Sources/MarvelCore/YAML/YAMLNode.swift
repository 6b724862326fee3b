/// 1-based line and column in a source text (columns count characters).
public struct SourceMark: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// "line:column", e.g. "3:5".
    public var description: String { "\(line):\(column)" }
}

/// How a scalar was (or is to be) written.
public enum YAMLScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// One key/value entry of a YAML mapping, in source order.
public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A node of a parsed YAML document: a scalar, sequence or mapping with its
/// tag, anchor and the position where it starts. Aliases are already expanded.
public struct YAMLNode: Sendable, Hashable {
    /// The shape of a node and its content.
    public indirect enum Kind: Sendable, Hashable {
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var kind: Kind
    /// The explicit tag as resolved by libyaml (e.g. "tag:yaml.org,2002:str"), nil if none.
    public var tag: String?
    public var anchor: String?
    /// Where the node starts.
    public var mark: SourceMark

    public init(kind: Kind, tag: String? = nil, anchor: String? = nil, mark: SourceMark = SourceMark(line: 1, column: 1)) {
        self.kind = kind
        self.tag = tag
        self.anchor = anchor
        self.mark = mark
    }

    /// Value of the first mapping entry whose key is the scalar `key` (nil otherwise).
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        return pairs.first(where: { $0.key.scalar == key })?.value
    }

    /// The scalar text, nil for collections.
    public var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }
}
