import Foundation

/// One training-metrics line (DESIGN.md "Training metrics"): a JSON object
/// with `type`, `run`, `ts` and the fields of its kind.
public enum MetricEvent: Sendable, Equatable {
    case runStart(RunStart)
    case dynhpEpoch(DynHPEpoch)
    case fedlRound(FedLRound)
    case runEnd(RunEnd)

    /// The run the event belongs to.
    public var run: String {
        switch self {
        case .runStart(let e): e.run
        case .dynhpEpoch(let e): e.run
        case .fedlRound(let e): e.run
        case .runEnd(let e): e.run
        }
    }

    /// When the event was written.
    public var ts: Date {
        switch self {
        case .runStart(let e): e.ts
        case .dynhpEpoch(let e): e.ts
        case .fedlRound(let e): e.ts
        case .runEnd(let e): e.ts
        }
    }

    /// The event as a JSON object, `type`, `run` and `ts` first.
    public func jsonObject() -> JSONObject {
        switch self {
        case .runStart(let e): e.jsonObject()
        case .dynhpEpoch(let e): e.jsonObject()
        case .fedlRound(let e): e.jsonObject()
        case .runEnd(let e): e.jsonObject()
        }
    }

    /// The event as one line of compact JSON (no trailing newline).
    public func jsonLine() -> String { JSONValue.object(jsonObject()).jsonString() }

    /// The event of a metrics line, or nil for ordinary log lines, bad JSON,
    /// unknown types and lines missing `type`, `run` or a valid `ts`.
    /// Extra members are ignored; missing optional ones stay nil.
    public static func parse(line: String) -> MetricEvent? {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("{"), text.hasSuffix("}"), text.contains("\"type\""),
            let value = try? JSONValue.parse(text), let object = value.objectValue
        else { return nil }
        return parse(object: object)
    }

    /// The event of an already-parsed JSON object (see `parse(line:)`).
    public static func parse(object: JSONObject) -> MetricEvent? {
        let f = MetricFields(object: object)
        guard let type = f.string("type"), let run = f.string("run"), !run.isEmpty, let ts = f.date("ts") else {
            return nil
        }
        switch type {
        case RunStart.type: return RunStart(fields: f, run: run, ts: ts).map(MetricEvent.runStart)
        case DynHPEpoch.type: return DynHPEpoch(fields: f, run: run, ts: ts).map(MetricEvent.dynhpEpoch)
        case FedLRound.type: return FedLRound(fields: f, run: run, ts: ts).map(MetricEvent.fedlRound)
        case RunEnd.type: return .runEnd(RunEnd(fields: f, run: run, ts: ts))
        default: return nil
        }
    }
}
