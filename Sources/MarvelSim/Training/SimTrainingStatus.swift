/// Where a training pod's in-process trainer is: waiting for a free slot, training,
/// or ended (the pod then succeeds or fails with `exitCode`).
public enum SimTrainingStatus: Sendable, Equatable {
    case queued
    case running
    case succeeded
    /// The trainer could not run or was stopped; `reason` is its one-line message.
    case failed(reason: String, exitCode: Int)

    public var hasEnded: Bool {
        switch self {
        case .queued, .running: false
        case .succeeded, .failed: true
        }
    }
}
