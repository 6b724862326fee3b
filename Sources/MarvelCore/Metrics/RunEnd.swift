import Foundation

/// `run.end`: how a run finished, with a free-form summary.
public struct RunEnd: Sendable, Equatable {
    public var run: String
    public var ts: Date
    /// "completed", "failed", "interrupted" (any text is kept as written).
    public var status: String
    /// Summary members (final errors, size reduction, elapsed seconds …), in order.
    public var summary: JSONObject

    public init(run: String, ts: Date, status: String, summary: JSONObject = JSONObject()) {
        self.run = run
        self.ts = ts
        self.status = status
        self.summary = summary
    }

    public static let completed = "completed"
    public static let failed = "failed"
    public static let interrupted = "interrupted"

    static let type = "run.end"

    func jsonObject() -> JSONObject {
        var b = MetricObjectBuilder(type: Self.type, run: run, ts: ts)
        b.set("status", status)
        b.set("summary", .object(summary))
        return b.object
    }

    init(fields f: MetricFields, run: String, ts: Date) {
        self.init(run: run, ts: ts, status: f.string("status") ?? "ended", summary: f.object["summary"]?.objectValue ?? JSONObject())
    }
}
