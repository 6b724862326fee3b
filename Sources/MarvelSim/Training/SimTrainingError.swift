/// Why the embedded cluster could not run a pod's `marvdash dynhp train` command:
/// one line naming the pod, the flag and what to do.
public struct SimTrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    public var pod: String
    public var problem: String

    public init(pod: String, problem: String) {
        self.pod = pod
        self.problem = problem
    }

    public var description: String { "pod \(pod): \(problem)" }
}
