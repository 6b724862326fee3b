/// Which of the API server's readers a body goes through; each words a
/// value of the wrong type its own way, and a client sees those words.
public enum DecodeDialect: Sendable, Hashable {
    /// The JSON decoder of create and update bodies, and of JSON (merge) patch results:
    /// `json: cannot unmarshal number into Go struct field EnvVar.spec…env.value of type string`.
    case json
    /// The unstructured converter that reads a strategic merge patch result:
    /// `cannot convert int64 to string`, `cannot restore struct from: string`.
    case unstructured
    /// Server-side apply's typed conversion (structured-merge-diff):
    /// `.spec.replicas: expected numeric (int or float), got string`.
    case apply
}

/// A value whose JSON type does not fit its field, worded as the dialect's reader words it.
public struct SchemaTypeError: Sendable, Hashable, CustomStringConvertible {
    /// The field, as strict decoding prints paths: `spec.template.spec.containers[0].env[0].value`.
    public var path: String
    /// The whole message the API server returns (apply errors carry their `.path: ` prefix).
    public var message: String
    public var description: String { message }
}

/// What decoding an object against the schema found.
public struct SchemaDecodeResult: Sendable {
    /// The object as the API server keeps it: unknown fields dropped, null fields
    /// removed, integral numbers in integer fields as integers.
    public var object: JSONValue
    /// Unknown fields, in document order: `spec.foo`, `spec.template.spec.containers[0].bar`.
    public var unknownFields: [String]
    /// Values of the wrong type. The JSON decoder and the unstructured converter
    /// stop at the first; server-side apply reports them all.
    public var typeErrors: [SchemaTypeError]

    /// `unknown field "spec.foo"` per unknown field, as strict decoding words them.
    public var unknownFieldMessages: [String] { unknownFields.map { "unknown field \"\($0)\"" } }
}
