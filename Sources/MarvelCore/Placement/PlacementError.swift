/// Why placement could not decide: one line naming the component or input and what to do.
public enum PlacementError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No node can run the component; `summary` is the scheduler-style count of reasons.
    case noNode(component: String, summary: String, nearestMiss: String?)
    /// `--policy` named no policy.
    case unknownPolicy(String)
    /// `--placement` could not be read.
    case badMode(String)
    /// `--placement node NAME` names no node of the cluster.
    case unknownNode(String, known: [String])
    /// A rendered object's pod spec could not be read.
    case badManifest(object: String, problem: String)
    /// A pipeline file problem, at file:line:col.
    case pipeline(file: String, mark: SourceMark?, problem: String)
    /// A toleration (`--tolerate`, the form's Tolerate field) could not be read.
    case badToleration(String, problem: String)

    public var description: String {
        switch self {
        case .noNode(let component, let summary, let miss):
            var line = "no node can run \(component): \(summary)"
            if let miss { line += " Nearest miss: \(miss)." }
            return line
        case .unknownPolicy(let text):
            return "unknown placement policy '\(text)' (use one of: \(PlacementPolicy.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .badMode(let text):
            return "unknown placement mode '\(text)' (use auto, layer, none, or node NAME)"
        case .unknownNode(let name, let known):
            return "--placement node \(name): no such node (nodes: \(known.joined(separator: ", ")))"
        case .badManifest(let object, let problem):
            return "\(object): cannot read its pod spec for placement: \(problem)"
        case .pipeline(let file, let mark, let problem):
            return "\(file)\(mark.map { ":\($0)" } ?? ""): \(problem)"
        case .badToleration(let text, let problem):
            return "toleration '\(text)': \(problem)"
        }
    }
}
