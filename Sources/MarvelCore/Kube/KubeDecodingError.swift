/// An API object that lacks a required field or has one of the wrong type.
public struct KubeDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The object kind being decoded ("Node", "Pod").
    public var kind: String
    /// The object's name when known.
    public var name: String?
    /// The dotted path of the offending field ("metadata.name").
    public var field: String
    public var problem: String

    public init(kind: String, name: String? = nil, field: String, problem: String) {
        self.kind = kind
        self.name = name
        self.field = field
        self.problem = problem
    }

    public var description: String {
        let who = name.map { "\(kind) \"\($0)\"" } ?? kind
        return "\(who): field \(field) \(problem); the API server sent an unexpected object"
    }
}
