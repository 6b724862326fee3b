import Foundation

/// Where a run's metrics come from.
public enum RunOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A local file given with `--metrics FILE`.
    case file(path: String)
    /// The logs of a pod followed through the Kubernetes API.
    case pod(namespace: String, name: String)
    /// The discovery of training pods on an API server (states only, no runs).
    case podList(server: String)

    /// "file" or "pod", for a table column.
    public var kind: String {
        switch self {
        case .file: "file"
        case .pod: "pod"
        case .podList: "pods"
        }
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .pod(let namespace, let name): "\(namespace)/\(name)"
        case .podList(let server): "training pods on \(server)"
        }
    }
}

/// One run as the console lists it: its origin and its history.
public struct TrainingRun: Sendable, Equatable, Identifiable {
    public var origin: RunOrigin
    public var history: RunHistory

    public init(origin: RunOrigin, history: RunHistory) {
        self.origin = origin
        self.history = history
    }

    /// Unique across origins: "origin#run".
    public var id: String { "\(origin)#\(history.run)" }
}
