import Foundation

/// The state of the link to the cluster as the console shows it.
public enum ConnectionState: Sendable, Equatable {
    case connecting
    case connected(at: Date)
    /// The server takes connections but has not answered the health probe since `since`
    /// (a frozen or overloaded server): the data shown is stale.
    case notResponding(since: Date)
    /// Requests fail (`since`: when the failures began); the data shown is stale.
    case failed(message: String, since: Date)

    /// Whether fresh data is arriving.
    public var isLive: Bool { if case .connected = self { return true }; return false }

    /// When the data stopped being fresh (nil while connected or connecting).
    public var staleSince: Date? {
        switch self {
        case .notResponding(let since), .failed(_, let since): return since
        case .connecting, .connected: return nil
        }
    }
}
