/// Why a dataset could not be loaded: one line naming the file and what to do.
public struct DatasetError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var problem: String
    public var hint: String

    public init(path: String, problem: String, hint: String) {
        self.path = path
        self.problem = problem
        self.hint = hint
    }

    public var description: String { "\(path): \(problem); \(hint)" }
}
