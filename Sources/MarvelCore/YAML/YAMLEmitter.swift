import CYAML

/// Writes node trees as block-style YAML through libyaml's emitter:
/// 2-space indent, unicode kept, no line folding, empty collections in flow style.
struct YAMLTreeEmitter {
    /// Collects the emitter's output; handed to libyaml as an opaque pointer.
    private final class Output {
        var bytes: [UInt8] = []
    }

    /// A libyaml failure; only reachable with events libyaml refuses.
    struct Failure: Error, CustomStringConvertible {
        var problem: String
        var description: String { "libyaml cannot write this YAML: \(problem)" }
    }

    /// Emits the documents; the first starts implicitly, the others after "---".
    func emit(_ documents: [YAMLNode]) throws -> String {
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            emitter.deallocate()
            event.deallocate()
        }
        guard yaml_emitter_initialize(emitter) != 0 else { throw Failure(problem: "out of memory") }
        defer { yaml_emitter_delete(emitter) }
        let output = Output()
        try withExtendedLifetime(output) {
            yaml_emitter_set_output(
                emitter,
                { data, buffer, size in
                    guard let data, let buffer else { return 0 }
                    let out = Unmanaged<Output>.fromOpaque(data).takeUnretainedValue()
                    out.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                    return 1
                },
                Unmanaged.passUnretained(output).toOpaque())
            yaml_emitter_set_unicode(emitter, 1)
            yaml_emitter_set_width(emitter, -1)
            yaml_emitter_set_indent(emitter, 2)
            yaml_emitter_set_break(emitter, YAML_LN_BREAK)
            let writer = EventWriter(emitter: emitter, event: event)
            try writer.send { yaml_stream_start_event_initialize($0, YAML_UTF8_ENCODING) }
            for document in documents {
                try writer.send { yaml_document_start_event_initialize($0, nil, nil, nil, 1) }
                var anchors = Set<String>()
                try writer.node(document, anchors: &anchors)
                try writer.send { yaml_document_end_event_initialize($0, 1) }
            }
            try writer.send { yaml_stream_end_event_initialize($0) }
            _ = yaml_emitter_flush(emitter)
        }
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// Sends events to one emitter, turning failures into `Failure`.
    private struct EventWriter {
        let emitter: UnsafeMutablePointer<yaml_emitter_t>
        let event: UnsafeMutablePointer<yaml_event_t>

        func send(_ initialize: (UnsafeMutablePointer<yaml_event_t>) -> Int32) throws {
            guard initialize(event) != 0 else { throw Failure(problem: "libyaml refused an event") }
            // yaml_emitter_emit takes ownership of the event, also on failure.
            guard yaml_emitter_emit(emitter, event) != 0 else {
                let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "emitter error"
                throw Failure(problem: problem)
            }
        }

        func node(_ node: YAMLNode, anchors: inout Set<String>) throws {
            var anchor: String?
            if let a = node.anchor, Self.isValidAnchor(a), !anchors.contains(a) {
                anchors.insert(a)
                anchor = a
            }
            let tag = node.tag.flatMap { $0.isEmpty || $0 == "!" ? nil : $0 }
            switch node.kind {
            case .scalar(let text, let style):
                var value = Array(text.utf8)
                let length = Int32(value.count)
                if value.isEmpty { value.append(0) }
                // "!" means "a string": keep quotes instead of writing the tag.
                let forceQuoted = node.tag == "!" && style == .plain
                let implicit: Int32 = tag == nil ? 1 : 0
                try value.withUnsafeMutableBufferPointer { v in
                    try with(anchor, tag) { a, t in
                        try send {
                            yaml_scalar_event_initialize(
                                $0, a, t, v.baseAddress, length, implicit, implicit,
                                forceQuoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : Self.style(style))
                        }
                    }
                }
            case .sequence(let items):
                let flow = items.isEmpty ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE
                try with(anchor, tag) { a, t in
                    try send { yaml_sequence_start_event_initialize($0, a, t, tag == nil ? 1 : 0, flow) }
                }
                for item in items { try self.node(item, anchors: &anchors) }
                try send { yaml_sequence_end_event_initialize($0) }
            case .mapping(let pairs):
                let flow = pairs.isEmpty ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE
                try with(anchor, tag) { a, t in
                    try send { yaml_mapping_start_event_initialize($0, a, t, tag == nil ? 1 : 0, flow) }
                }
                for pair in pairs {
                    try self.node(pair.key, anchors: &anchors)
                    try self.node(pair.value, anchors: &anchors)
                }
                try send { yaml_mapping_end_event_initialize($0) }
            }
        }

        /// Runs `body` with C strings for the optional anchor and tag.
        private func with(
            _ anchor: String?, _ tag: String?,
            _ body: (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?) throws -> Void
        ) throws {
            var a = anchor.map { Array($0.utf8) + [0] }
            var t = tag.map { Array($0.utf8) + [0] }
            try Self.withPointer(&a) { ap in
                try Self.withPointer(&t) { tp in try body(ap, tp) }
            }
        }

        private static func withPointer(
            _ bytes: inout [UInt8]?, _ body: (UnsafeMutablePointer<UInt8>?) throws -> Void
        ) throws {
            guard var b = bytes else { return try body(nil) }
            try b.withUnsafeMutableBufferPointer { try body($0.baseAddress) }
            bytes = b
        }

        /// Anchors libyaml accepts: letters, digits, '-' and '_'.
        static func isValidAnchor(_ a: String) -> Bool {
            !a.isEmpty && a.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" }
        }

        static func style(_ style: YAMLScalarStyle) -> yaml_scalar_style_t {
            switch style {
            case .plain: return YAML_PLAIN_SCALAR_STYLE
            case .singleQuoted: return YAML_SINGLE_QUOTED_SCALAR_STYLE
            case .doubleQuoted: return YAML_DOUBLE_QUOTED_SCALAR_STYLE
            case .literal: return YAML_LITERAL_SCALAR_STYLE
            case .folded: return YAML_FOLDED_SCALAR_STYLE
            }
        }
    }
}
