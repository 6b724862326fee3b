import Synchronization

/// Counts what the embedded API server serves, as kube-apiserver's own
/// metrics do: `apiserver_request_total` per verb, group, version, resource,
/// subresource, scope and code, and `apiserver_longrunning_requests` (watches
/// and followed logs open now). Served as Prometheus text at `/metrics`, so
/// the cost of a client can be measured from outside.
public final class APIRequestMetrics: Sendable {
    /// The labels of one request.
    public struct Labels: Hashable, Sendable {
        public var verb: String
        public var group: String
        public var version: String
        public var resource: String
        public var subresource: String
        public var scope: String
    }

    private let state = Mutex((totals: [RequestKey: Int](), longRunning: [Labels: Int]()))

    struct RequestKey: Hashable {
        var labels: Labels
        var code: Int
    }

    public init() {}

    /// Records a finished (or, for streams, started) request.
    func record(_ labels: Labels, code: Int) {
        state.withLock { $0.totals[RequestKey(labels: labels, code: code), default: 0] += 1 }
    }

    /// A long-running request began (+1) or ended (-1).
    func longRunning(_ labels: Labels, delta: Int) {
        state.withLock { $0.longRunning[labels, default: 0] += delta }
    }

    /// Requests counted so far, optionally only those with `verb` (LIST, WATCH, GET, …).
    public func total(verb: String? = nil) -> Int {
        state.withLock { s in s.totals.filter { verb == nil || $0.key.labels.verb == verb }.values.reduce(0, +) }
    }

    /// Long-running requests open now.
    public var openLongRunning: Int { state.withLock { $0.longRunning.values.reduce(0, +) } }

    /// The Prometheus text exposition (version 0.0.4).
    public func prometheusText() -> String {
        let (totals, long) = state.withLock { ($0.totals, $0.longRunning) }
        var out = "# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.\n"
        out += "# TYPE apiserver_request_total counter\n"
        for (key, count) in totals.sorted(by: { Self.order($0.key.labels, $0.key.code) < Self.order($1.key.labels, $1.key.code) }) {
            out += "apiserver_request_total{\(Self.labelText(key.labels, code: key.code))} \(count)\n"
        }
        out += "# HELP apiserver_longrunning_requests Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.\n"
        out += "# TYPE apiserver_longrunning_requests gauge\n"
        for (labels, count) in long.sorted(by: { Self.order($0.key, 0) < Self.order($1.key, 0) }) {
            out += "apiserver_longrunning_requests{\(Self.labelText(labels, code: nil))} \(count)\n"
        }
        return out
    }

    private static func order(_ l: Labels, _ code: Int) -> String {
        "\(l.verb)|\(l.group)|\(l.version)|\(l.resource)|\(l.subresource)|\(l.scope)|\(code)"
    }

    private static func labelText(_ l: Labels, code: Int?) -> String {
        var pairs: [(String, String)] = []
        if let code { pairs.append(("code", String(code))) }
        pairs += [
            ("component", "apiserver"), ("group", l.group), ("resource", l.resource), ("scope", l.scope),
            ("subresource", l.subresource), ("verb", l.verb), ("version", l.version),
        ]
        return pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
    }

    private static func escape(_ value: String) -> String {
        var out = ""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
