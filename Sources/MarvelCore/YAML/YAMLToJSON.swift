extension YAMLNode {
    /// Converts the node to a JSON value with YAML 1.1 resolution of plain
    /// scalars (as PyYAML), explicit core tags, merge keys (`<<`), and
    /// string keys. Throws a YAMLError carrying the offending node's mark.
    public func toJSON() throws -> JSONValue {
        switch kind {
        case .scalar(let text, let style):
            return try scalarJSON(text, style: style)
        case .sequence(let items):
            if let tag, tag != YAMLTag.seq, YAMLTag.isCoreKindTag(tag) {
                throw mismatch(tag, found: "a sequence")
            }
            return .array(try items.map { try $0.toJSON() })
        case .mapping:
            if let tag, tag != YAMLTag.map, YAMLTag.isCoreKindTag(tag) {
                throw mismatch(tag, found: "a mapping")
            }
            return .object(try objectJSON())
        }
    }

    private func mismatch(_ tag: String, found: String) -> YAMLError {
        YAMLError(mark: mark, message: "\(YAMLTag.short(tag)) cannot tag \(found); remove the tag or change the value")
    }

    // MARK: - Scalars

    private func scalarJSON(_ text: String, style: YAMLScalarStyle) throws -> JSONValue {
        switch tag {
        case nil:
            return style == .plain ? try plainJSON(text) : .string(text)
        case YAMLTag.str?, "!"?:
            return .string(text)
        case YAMLTag.null?:
            return .null
        case YAMLTag.bool?:
            guard let b = YAMLScalarResolver.bool(text) else {
                throw YAMLError(mark: mark, message: "\"\(text)\" is not a valid !!bool; use true/false (or yes/no, on/off)")
            }
            return .bool(b)
        case YAMLTag.int?:
            let (value, outOfRange) = YAMLScalarResolver.intValue(text.trimmingSpaces)
            if outOfRange { throw outOfRangeError(text) }
            guard let value else {
                throw YAMLError(mark: mark, message: "\"\(text)\" is not a valid !!int; write digits (or 0x…, 0o…, 0b…)")
            }
            return .int(value)
        case YAMLTag.float?:
            if let d = YAMLScalarResolver.floatValue(text.trimmingSpaces) { return .double(d) }
            throw YAMLError(mark: mark, message: "\"\(text)\" is not a valid !!float; write a number such as 1.5, 1.0e+3 or .inf")
        case YAMLTag.map?, YAMLTag.seq?:
            throw mismatch(tag ?? "", found: "a scalar")
        default:
            // Unknown, local and other standard tags keep the untagged meaning.
            return style == .plain ? try plainJSON(text) : .string(text)
        }
    }

    private func plainJSON(_ text: String) throws -> JSONValue {
        switch YAMLScalarResolver.kind(ofPlain: text) {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string, .merge: return .string(text)
        case .int:
            let (value, outOfRange) = YAMLScalarResolver.intValue(text)
            if let value { return .int(value) }
            if outOfRange { throw outOfRangeError(text) }
            return .string(text)
        case .float:
            if let d = YAMLScalarResolver.floatValue(text) { return .double(d) }
            return .string(text)
        }
    }

    private func outOfRangeError(_ text: String) -> YAMLError {
        YAMLError(
            mark: mark,
            message: "integer out of range: \(text) does not fit in 64 bits; quote it to keep it as a string")
    }

    // MARK: - Mappings

    /// Whether this key node is the merge key `<<`.
    fileprivate var isMergeKey: Bool {
        guard case .scalar(let text, let style) = kind else { return false }
        if tag == YAMLTag.merge { return true }
        return tag == nil && style == .plain && text == "<<"
    }

    private func objectJSON() throws -> JSONObject {
        guard case .mapping(let pairs) = kind else { return JSONObject() }
        var merged: [JSONMember] = []
        var own = JSONObject()
        var seen: [String: SourceMark] = [:]
        for pair in pairs {
            if pair.key.isMergeKey {
                merged.append(contentsOf: try pair.value.mergeSources())
                continue
            }
            let key = try pair.key.keyString()
            if let first = seen[key] {
                throw YAMLError(
                    mark: pair.key.mark,
                    message: "duplicate key \"\(key)\" (first at \(first)); remove one of them")
            }
            seen[key] = pair.key.mark
            own[key] = try pair.value.toJSON()
        }
        guard !merged.isEmpty else { return own }
        // As PyYAML: merged members first, in order, later ones replacing earlier
        // ones in place; then the explicit keys, which win over all.
        var result = JSONObject()
        for member in merged { result[member.key] = member.value }
        for member in own { result[member.key] = member.value }
        return result
    }

    /// The members a `<<` value contributes, in override order (later wins),
    /// as PyYAML: for a list of maps the first map wins.
    private func mergeSources() throws -> [JSONMember] {
        switch kind {
        case .mapping:
            return try toJSON().objectValue?.members ?? []
        case .sequence(let items):
            var members: [JSONMember] = []
            for item in items.reversed() {
                guard case .mapping = item.kind else {
                    throw YAMLError(mark: item.mark, message: "a merge key (<<) list may only hold mappings; found \(item.kindName)")
                }
                members.append(contentsOf: try item.toJSON().objectValue?.members ?? [])
            }
            return members
        case .scalar:
            throw YAMLError(mark: mark, message: "a merge key (<<) needs a mapping or a list of mappings; found a scalar")
        }
    }

    /// The JSON object key for this key node: scalars only.
    private func keyString() throws -> String {
        guard case .scalar = kind else {
            throw YAMLError(mark: mark, message: "a \(kindName) cannot be a mapping key; keys must be scalars")
        }
        switch try toJSON() {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .double(let d): return YAMLNumberFormat.plain(d)
        case .array, .object: return scalar ?? ""
        }
    }

    var kindName: String {
        switch kind {
        case .scalar: return "scalar"
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        }
    }
}

/// The standard tags of YAML 1.1 that carry meaning here.
enum YAMLTag {
    static let prefix = "tag:yaml.org,2002:"
    static let str = prefix + "str"
    static let int = prefix + "int"
    static let float = prefix + "float"
    static let bool = prefix + "bool"
    static let null = prefix + "null"
    static let map = prefix + "map"
    static let seq = prefix + "seq"
    static let merge = prefix + "merge"

    /// Tags that make a node a specific kind (a mismatch is an error).
    static func isCoreKindTag(_ tag: String) -> Bool {
        [str, int, float, bool, null, map, seq].contains(tag)
    }

    /// "!!int" for the standard prefix, the tag itself otherwise.
    static func short(_ tag: String) -> String {
        tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s.removeLast() }
        return String(s)
    }
}
