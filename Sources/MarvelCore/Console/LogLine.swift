import Foundation

/// One line of a followed log: the stream it came from, the kubelet's
/// timestamp (`timestamps=true`) and the text.
public struct LogLine: Sendable, Hashable {
    /// "pod" or "pod/container" when several streams are followed, else "".
    public var source: String
    /// RFC 3339 with fractions as the API wrote it, "" when the line had none.
    public var timestamp: String
    public var text: String

    public init(source: String = "", timestamp: String = "", text: String) {
        self.source = source
        self.timestamp = timestamp
        self.text = text
    }

    /// The line as `marvdash logs` prints it: "[source] text" (with the timestamp first when asked).
    public func formatted(timestamps: Bool = false) -> String {
        (timestamps && !timestamp.isEmpty ? timestamp + " " : "") + (source.isEmpty ? "" : "[\(source)] ") + text
    }

    /// A line as the API sends it with `timestamps=true`: "<RFC 3339> <text>".
    /// Text without a leading timestamp is kept whole, with no timestamp.
    public static func parse(_ raw: String, source: String = "") -> LogLine {
        if let space = raw.firstIndex(of: " "), LogTimestamp(String(raw[..<space])) != nil {
            return LogLine(source: source, timestamp: String(raw[..<space]), text: String(raw[raw.index(after: space)...]))
        }
        return LogLine(source: source, timestamp: "", text: raw)
    }
}

/// What to follow: the pods of an instance (or one), which container, the
/// previous (terminated) container instead of the running one. With a
/// `selector` the pods are those it matches instead (a workload's pods in a
/// resource view, `instance` then naming the workload, e.g. "Deployment/kafka").
public struct LogQuery: Sendable, Hashable {
    public var instance: String
    /// A label selector choosing the pods ("" for every pod of the namespace, with `pod` naming one); nil: the instance's pods.
    public var selector: String?
    public var namespace: String
    /// nil: every pod of the instance.
    public var pod: String?
    /// nil: each pod's default container (as kubectl).
    public var container: String?
    /// The last terminated container's log (after a restart); it does not follow.
    public var previous: Bool
    /// Lines of history asked for at the start.
    public var tail: Int?

    public init(
        instance: String, namespace: String, pod: String? = nil, container: String? = nil, previous: Bool = false, tail: Int? = 200,
        selector: String? = nil
    ) {
        self.instance = instance
        self.selector = selector
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.previous = previous
        self.tail = tail
    }
}

/// How a log follower is doing.
public enum LogFollowState: Sendable, Hashable {
    /// Finding the pods and opening the streams.
    case connecting
    case following
    /// A stream broke (an outage, a restart); the follower tries again by itself.
    case reconnecting(attempt: Int, reason: String)
    /// Every stream ended (the pods finished, the previous container's log was read) or it was cancelled.
    case ended
    /// It could not start and will not retry (no such instance, pod or container).
    case failed(String)
}

/// One read of a follower: the kept lines, how many older ones were dropped, and its state.
public struct LogReading: Sendable {
    public var lines: [LogLine]
    public var dropped: Int
    public var state: LogFollowState

    public init(lines: [LogLine], dropped: Int, state: LogFollowState) {
        self.lines = lines
        self.dropped = dropped
        self.state = state
    }
}
