import Foundation
import MarvelCore
import Synchronization

/// Where the resource views get their data and run their actions: a watch per
/// open view, a describe's events, and the row actions. Every call returns at
/// once; the work runs in the background and is read back on the next frame.
public protocol ResourceSource: AnyObject, Sendable {
    /// Starts watching what `query` names (stopped by the view when it closes).
    func watch(_ query: ResourceQuery) -> any ResourceWatching
    /// The events about one object, fetched in the background.
    func events(about kind: ResourceKind, namespace: String, name: String) -> BackgroundTask<[JSONValue]>
    /// Runs `action` on one object in the background; the task's value is the line to show.
    func perform(_ action: ResourceAction, kind: ResourceKind, namespace: String, name: String) -> BackgroundTask<String>
}

/// A watch a resource view reads every frame.
public protocol ResourceWatching: AnyObject, Sendable {
    var query: ResourceQuery { get }
    func current() -> ResourceViewState
    func stop()
}

extension ResourceWatch: ResourceWatching {}

/// Work started on a background queue whose outcome a view reads later:
/// nil while it runs, then the value or the error's one line.
public final class BackgroundTask<Value: Sendable>: Sendable {
    private let outcome = Mutex<Result<Value, BackgroundFailure>?>(nil)

    /// Starts `work` at once on a global queue.
    public init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let result: Result<Value, BackgroundFailure>
            do {
                result = .success(try work())
            } catch {
                result = .failure(BackgroundFailure(text: String(describing: error)))
            }
            self.outcome.withLock { $0 = result }
        }
    }

    /// nil while running.
    public var result: Result<Value, BackgroundFailure>? { outcome.withLock { $0 } }
}

/// Why background work failed, one line.
public struct BackgroundFailure: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var description: String { text }
}

/// The resource views against a real (or the embedded) cluster, through one client.
public final class LiveResourceSource: ResourceSource {
    public let client: KubeClient

    public init(client: KubeClient) { self.client = client }

    public func watch(_ query: ResourceQuery) -> any ResourceWatching {
        let watch = ResourceWatch(client: client, query: query)
        watch.start()
        return watch
    }

    public func events(about kind: ResourceKind, namespace: String, name: String) -> BackgroundTask<[JSONValue]> {
        BackgroundTask { [client] in try client.events(about: kind, namespace: namespace, name: name) }
    }

    public func perform(_ action: ResourceAction, kind: ResourceKind, namespace: String, name: String) -> BackgroundTask<String> {
        BackgroundTask { [client] in
            do {
                try client.perform(action, kind: kind, namespace: namespace, name: name)
            } catch {
                throw BackgroundFailure(text: "cannot \(action.phrase(kind, namespace: namespace, name: name)): \(error)")
            }
            return action.done(kind, namespace: namespace, name: name)
        }
    }
}
