/// A path to a field as the API server prints it: `spec.template.spec.containers[0].name`,
/// `metadata.labels[app]`.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public private(set) var description: String

    public init(_ names: String...) {
        description = names.joined(separator: ".")
    }

    /// A path from already printed text.
    public init(text: String) { description = text }

    public func child(_ names: String...) -> FieldPath {
        var p = self
        for n in names { p.description += p.description.isEmpty ? n : "." + n }
        return p
    }

    public func index(_ i: Int) -> FieldPath {
        var p = self
        p.description += "[\(i)]"
        return p
    }

    public func key(_ k: String) -> FieldPath {
        var p = self
        p.description += "[\(k)]"
        return p
    }
}
