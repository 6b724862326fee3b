import Foundation

/// `kubectl describe`-like text of one object, built from the object itself
/// and the events about it: identity, labels and annotations, the kind's
/// own section (a pod's containers and conditions, a workload's replicas and
/// template, a Service's ports, a Secret's key sizes — never its values),
/// then the Events table ("Events:  <none>" when there are none).
public enum ResourceDescription {
    /// The lines of the description at `now` (event ages are relative to it).
    public static func lines(of object: JSONValue, kind: ResourceKind, events: [JSONValue], now: Date) -> [String] {
        var out = DescriptionWriter()
        let meta = object["metadata"] ?? .null
        out.field("Name", meta["name"]?.stringValue ?? "")
        if kind.namespaced { out.field("Namespace", meta["namespace"]?.stringValue ?? "") }
        out.map("Labels", meta["labels"])
        out.map("Annotations", meta["annotations"])
        if let created = meta["creationTimestamp"]?.stringValue { out.field("CreationTimestamp", created) }
        if let owner = meta["ownerReferences"]?.arrayValue?.first(where: { $0["controller"]?.boolValue == true }) {
            out.field("Controlled By", "\(owner["kind"]?.stringValue ?? "")/\(owner["name"]?.stringValue ?? "")")
        }
        switch kind.kind {
        case "Pod": KindSections.pod(object, into: &out)
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet": KindSections.workload(object, kind: kind.kind, into: &out)
        case "Job", "CronJob": KindSections.job(object, kind: kind.kind, into: &out)
        case "Service": KindSections.service(object, into: &out)
        case "Secret": KindSections.secret(object, into: &out)
        case "ConfigMap": KindSections.configMap(object, into: &out)
        case "PersistentVolumeClaim": KindSections.claim(object, into: &out)
        case "Namespace": out.field("Status", object.at("status", "phase")?.stringValue ?? "")
        case "Event": KindSections.event(object, into: &out)
        default: break
        }
        out.events(events, now: now)
        return out.lines
    }

    /// Events oldest first; those of the same second in the order the server stored them
    /// (resourceVersion), so Scheduled comes before Pulled, Created and Started.
    public static func chronological(_ events: [JSONValue]) -> [JSONValue] {
        events.enumerated().map { (index: $0.offset, event: $0.element, time: eventTime($0.element),
                                   version: Int($0.element.at("metadata", "resourceVersion")?.stringValue ?? "") ?? 0) }
            .sorted { ($0.time, $0.version, $0.index) < ($1.time, $1.version, $1.index) }
            .map(\.event)
    }

    /// When an event last happened (lastTimestamp, eventTime, else its creation).
    public static func eventTime(_ event: JSONValue) -> Date {
        for path in [["lastTimestamp"], ["eventTime"], ["firstTimestamp"], ["metadata", "creationTimestamp"]] {
            var cur: JSONValue? = event
            for part in path { cur = cur?[part] }
            if let text = cur?.stringValue, let date = Timestamp.parse(text) { return date }
        }
        return .distantPast
    }
}

/// Lines in kubectl describe's layout: "Key:  value" with values aligned, maps
/// one entry per line under their key, sections indented by two.
struct DescriptionWriter {
    var lines: [String] = []
    var indent = 0
    static let valueColumn = 16

    mutating func field(_ key: String, _ value: String) {
        let pad = String(repeating: " ", count: indent)
        let label = key + ":"
        let gap = max(2, Self.valueColumn - indent - label.count)
        lines.append(value.isEmpty ? pad + label : pad + label + String(repeating: " ", count: gap) + value)
    }

    mutating func heading(_ key: String) {
        lines.append(String(repeating: " ", count: indent) + key + ":")
    }

    /// "Labels:  a=b" then "         c=d", or "<none>".
    mutating func map(_ key: String, _ value: JSONValue?) {
        let entries = (value?.objectValue ?? JSONObject()).map { "\($0.key)=\($0.value.stringValue ?? $0.value.jsonString())" }.sorted()
        guard let first = entries.first else {
            field(key, "<none>")
            return
        }
        field(key, first)
        let pad = String(repeating: " ", count: max(indent + key.count + 3, Self.valueColumn))
        for entry in entries.dropFirst() { lines.append(pad + entry) }
    }

    mutating func section(_ key: String, _ body: (inout DescriptionWriter) -> Void) {
        heading(key)
        indent += 2
        body(&self)
        indent -= 2
    }

    /// The Events table (Type, Reason, Age, From, Message) or "<none>".
    mutating func events(_ events: [JSONValue], now: Date) {
        guard !events.isEmpty else {
            field("Events", "<none>")
            return
        }
        heading("Events")
        let rows = events.map { e -> [String] in
            let count = e["count"]?.intValue ?? 1
            var age = HumanDuration.format(seconds: now.timeIntervalSince(ResourceDescription.eventTime(e)))
            if count > 1 { age += " (x\(count))" }
            let from = e.at("source", "component")?.stringValue ?? e["reportingComponent"]?.stringValue ?? e["reportingController"]?.stringValue ?? ""
            return [e["type"]?.stringValue ?? "", e["reason"]?.stringValue ?? "", age, from, e["message"]?.stringValue ?? ""]
        }
        let headers = ["Type", "Reason", "Age", "From", "Message"]
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < 4 { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            var text = "  "
            for (i, cell) in cells.enumerated() {
                text += i < 4 ? cell.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0) : cell
            }
            return text
        }
        lines.append(line(headers))
        lines.append(line(headers.map { String(repeating: "-", count: $0.count) }))
        lines += rows.map(line)
    }
}
