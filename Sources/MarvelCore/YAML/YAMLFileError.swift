/// A YAML file the user wrote (a sweep file, a model file) that cannot be used: one line
/// with file:line:col, what is wrong and what to do.
public struct YAMLFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var mark: SourceMark?
    public var problem: String

    public init(file: String, mark: SourceMark?, problem: String) {
        self.file = file
        self.mark = mark
        self.problem = problem
    }

    public var description: String { "\(file)\(mark.map { ":\($0)" } ?? ""): \(problem)" }
}
