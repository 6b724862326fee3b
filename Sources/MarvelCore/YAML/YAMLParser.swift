import CYAML

/// Builds node trees from libyaml's event stream: one tree per document,
/// with aliases expanded by copying and every limit of `YAMLLimits` enforced.
struct YAMLTreeBuilder {
    let file: String?
    let limits: YAMLLimits

    /// An open collection while its children are being read.
    private struct Frame {
        var isMapping: Bool
        var tag: String?
        var anchor: String?
        var mark: SourceMark
        var items: [YAMLNode] = []
        /// Nodes in this subtree, aliases counted at their expanded size.
        var size = 1
        /// Scalar text in this subtree, in UTF-8 bytes, aliases expanded.
        var bytes = 0
        /// Levels of collections below this one, aliases expanded (0 while it holds only scalars).
        var childHeight = 0
    }

    /// An anchored node, the number of nodes it stands for, how many
    /// levels of collections it holds (0 for a scalar) and its scalar text in bytes.
    private struct Anchored {
        var node: YAMLNode
        var size: Int
        var height: Int
        var bytes: Int
    }

    func parse(_ text: String) throws -> [YAMLNode] {
        var bytes = Array(text.utf8)
        if bytes.count > limits.maxBytes {
            throw YAMLError(
                file: file,
                message: "input is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes; split it or raise YAMLLimits.maxBytes")
        }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) != 0 else {
            throw YAMLError(file: file, message: "libyaml could not allocate a parser (out of memory?)")
        }
        defer { yaml_parser_delete(parser) }
        if bytes.isEmpty { bytes.append(0) }  // a valid pointer; the length below stays 0
        let length = text.utf8.count
        return try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            yaml_parser_set_input_string(parser, base, length)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            return try run(parser: parser, event: event, bytes: buffer)
        }
    }

    private func run(
        parser: UnsafeMutablePointer<yaml_parser_t>, event: UnsafeMutablePointer<yaml_event_t>,
        bytes: UnsafeBufferPointer<UInt8>
    ) throws -> [YAMLNode] {
        var documents: [YAMLNode] = []
        var stack: [Frame] = []
        var anchors: [String: Anchored] = [:]
        var expanded = 0
        var expandedBytes = 0
        var root: YAMLNode?

        func finish(_ node: YAMLNode, size: Int, height: Int, bytes: Int) {
            if let anchor = node.anchor { anchors[anchor] = Anchored(node: node, size: size, height: height, bytes: bytes) }
            if stack.isEmpty {
                root = node
            } else {
                stack[stack.count - 1].items.append(node)
                stack[stack.count - 1].size += size
                stack[stack.count - 1].bytes += bytes
                stack[stack.count - 1].childHeight = max(stack[stack.count - 1].childHeight, height)
            }
        }

        while true {
            guard yaml_parser_parse(parser, event) != 0 else {
                throw parserError(parser, bytes: bytes)
            }
            defer { yaml_event_delete(event) }
            let e = event.pointee
            let mark = SourceMark(line: Int(e.start_mark.line) + 1, column: Int(e.start_mark.column) + 1)
            switch e.type {
            case YAML_STREAM_END_EVENT:
                return documents
            case YAML_DOCUMENT_START_EVENT:
                root = nil
                anchors = [:]
            case YAML_DOCUMENT_END_EVENT:
                documents.append(root ?? YAMLNode(kind: .scalar("", .plain), mark: mark))
            case YAML_SCALAR_EVENT:
                let s = e.data.scalar
                let text = Self.string(s.value, length: s.length)
                let node = YAMLNode(
                    kind: .scalar(text, Self.style(s.style)),
                    tag: Self.cString(s.tag), anchor: Self.cString(s.anchor), mark: mark)
                finish(node, size: 1, height: 0, bytes: s.length)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = e.type == YAML_MAPPING_START_EVENT
                if stack.count >= limits.maxDepth {
                    throw YAMLError(
                        file: file, mark: mark,
                        message: "nesting deeper than \(limits.maxDepth) levels; refusing the document (flatten it or raise YAMLLimits.maxDepth)")
                }
                let tag = isMapping ? Self.cString(e.data.mapping_start.tag) : Self.cString(e.data.sequence_start.tag)
                let anchor = isMapping ? Self.cString(e.data.mapping_start.anchor) : Self.cString(e.data.sequence_start.anchor)
                stack.append(Frame(isMapping: isMapping, tag: tag, anchor: anchor, mark: mark))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { continue }
                let kind: YAMLNode.Kind
                if frame.isMapping {
                    var pairs: [YAMLPair] = []
                    pairs.reserveCapacity(frame.items.count / 2)
                    var i = 0
                    while i + 1 < frame.items.count {
                        pairs.append(YAMLPair(key: frame.items[i], value: frame.items[i + 1]))
                        i += 2
                    }
                    kind = .mapping(pairs)
                } else {
                    kind = .sequence(frame.items)
                }
                finish(
                    YAMLNode(kind: kind, tag: frame.tag, anchor: frame.anchor, mark: frame.mark), size: frame.size,
                    height: frame.childHeight + 1, bytes: frame.bytes)
            case YAML_ALIAS_EVENT:
                let name = Self.cString(e.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    let open = stack.contains(where: { $0.anchor == name })
                    throw YAMLError(
                        file: file, mark: mark,
                        message: open
                            ? "alias *\(name) refers to a node that contains it (a recursive alias); YAML data must be a tree"
                            : "unknown alias *\(name); define the anchor &\(name) before using it")
                }
                expanded += target.size
                if expanded > limits.maxAliasExpansion {
                    throw YAMLError(
                        file: file, mark: mark,
                        message: "alias expansion exceeds \(limits.maxAliasExpansion) nodes (a YAML alias bomb?); refusing the document")
                }
                // Few aliases of one long scalar are a bomb too: count the text they copy.
                expandedBytes += target.bytes
                if expandedBytes > limits.maxAliasExpansionBytes {
                    throw YAMLError(
                        file: file, mark: mark,
                        message: "aliases copy more than \(limits.maxAliasExpansionBytes) bytes of text (a YAML alias bomb?); refusing the document")
                }
                // Aliases inside aliases could otherwise build trees far deeper than the text is.
                if stack.count + target.height > limits.maxDepth {
                    throw YAMLError(
                        file: file, mark: mark,
                        message: "alias *\(name) nests deeper than \(limits.maxDepth) levels here; refusing the document")
                }
                var copy = target.node
                copy.anchor = nil  // a copy is not a second definition of the anchor
                finish(copy, size: target.size, height: target.height, bytes: target.bytes)
            default:
                continue
            }
        }
    }

    /// Turns libyaml's error state into a YAMLError with a 1-based position.
    private func parserError(_ parser: UnsafeMutablePointer<yaml_parser_t>, bytes: UnsafeBufferPointer<UInt8>) -> YAMLError {
        let p = parser.pointee
        let problem = Self.cString(p.problem) ?? "invalid YAML"
        if p.error == YAML_READER_ERROR {
            let mark = Self.mark(atByteOffset: Int(p.problem_offset), in: bytes)
            var message = problem
            if p.problem_value >= 0 { message += " (#x\(String(Int(p.problem_value), radix: 16, uppercase: true)))" }
            return YAMLError(file: file, mark: mark, message: message + "; remove or escape the character")
        }
        let mark = SourceMark(line: Int(p.problem_mark.line) + 1, column: Int(p.problem_mark.column) + 1)
        var message = problem
        if let context = Self.cString(p.context) {
            let at = SourceMark(line: Int(p.context_mark.line) + 1, column: Int(p.context_mark.column) + 1)
            message += " (\(context) started at \(at))"
        }
        let offset = Int(p.problem_mark.index)
        if problem.hasPrefix("found character that cannot start any token"), offset < bytes.count, bytes[offset] == 0x09 {
            message += "; indent with spaces, YAML does not allow tabs here"
        } else if problem.hasPrefix("did not find expected key") || problem.hasPrefix("did not find expected '-' indicator") {
            message += "; check the indentation of this line"
        }
        return YAMLError(file: file, mark: mark, message: message)
    }

    /// Line and column of a byte offset, counting characters as libyaml does.
    static func mark(atByteOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourceMark {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return SourceMark(line: line, column: column)
    }

    static func string(_ pointer: UnsafeMutablePointer<UInt8>?, length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    static func cString(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    static func cString(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    static func style(_ style: yaml_scalar_style_t) -> YAMLScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
