import Foundation
import MarvelCore

/// The console's training-metrics sources: a follower per `--metrics` file
/// and one for the DynHP pods of the cluster (found in the watch caches, their
/// logs streamed), all feeding one `MetricsFeed` that the Training pane reads.
public final class TrainingSources: Sendable {
    public let feed: MetricsFeed
    private let files: [MetricsFileFollower]
    private let pods: PodMetricsFollower?

    /// `cache` nil: no pods are followed (files only).
    public init(files paths: [String], cache: ClusterCache?, feed: MetricsFeed = MetricsFeed()) {
        self.feed = feed
        files = paths.map { MetricsFileFollower(path: $0, feed: feed) }
        pods = cache.map { cache in
            PodMetricsFollower(client: cache.client, feed: feed, pods: { cache.current().snapshot?.pods })
        }
    }

    /// Refuses paths that can never be metrics files (directories); a file
    /// that does not exist yet is fine: it is waited for.
    public static func check(files paths: [String]) throws(TrainingSourceError) {
        for path in paths {
            var isDirectory: ObjCBool = false
            if path.isEmpty { throw .emptyPath }
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw .directory(path)
            }
        }
    }

    public func start() {
        files.forEach { $0.start() }
        pods?.start()
    }

    public func stop() {
        files.forEach { $0.stop() }
        pods?.stop()
    }
}

/// A `--metrics` value that cannot be followed.
public enum TrainingSourceError: Error, Equatable, CustomStringConvertible {
    case directory(String)
    case emptyPath

    public var description: String {
        switch self {
        case .directory(let path):
            "--metrics \(path): is a directory; give a metrics file (JSON lines, e.g. `marvdash dynhp train … > run.jsonl`)"
        case .emptyPath: "--metrics: the file name is empty; give a metrics file (JSON lines)"
        }
    }
}
