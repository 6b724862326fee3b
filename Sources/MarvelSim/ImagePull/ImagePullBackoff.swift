import Foundation

/// The kubelet's back-off for one pod whose image cannot be pulled: a failed
/// pull (ErrImagePull) is followed by ImagePullBackOff until the back-off
/// ends, then the pull is tried again, each wait twice the one before. The
/// embedded cluster waits a tenth of a real kubelet's 10 s … 300 s, so a
/// demo shows the cycle in seconds.
struct ImagePullBackoff: Sendable, Equatable {
    /// Failed pulls so far.
    var attempts: Int
    /// When the next pull may be tried.
    var retryAt: Date
    /// Whether ImagePullBackOff has been reported since the last failed pull.
    var reportedBackOff: Bool

    static let initialSeconds = 1.0
    static let maxSeconds = 30.0

    /// The state after a failed pull at `now`.
    static func failed(after previous: ImagePullBackoff?, at now: Date) -> ImagePullBackoff {
        let attempts = (previous?.attempts ?? 0) + 1
        let wait = min(maxSeconds, initialSeconds * pow(2, Double(attempts - 1)))
        return ImagePullBackoff(attempts: attempts, retryAt: now.addingTimeInterval(wait), reportedBackOff: false)
    }
}
