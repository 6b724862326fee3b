import Foundation
import MarvelCore

/// The text of an instance's detail view: identity, revisions and state, values
/// (secrets masked), placement, endpoints and basic auth, volumes, the objects of an unfinished action,
/// and each pod (in natural order: `-2` before `-10`) with its node and layer;
/// the scheduler's reasons for Pending pods follow in full, each distinct
/// reason once with how many pods it holds back.
public enum ServiceDetail {
    /// What a masked value shows.
    public static let masked = SecretMask.mask

    /// The lines for one instance; long reasons wrap to `width` columns.
    /// `podUsage`: what pods use by "namespace/name" (metrics.k8s.io), shown per pod when known.
    public static func lines(
        for status: InstanceStatus, now: Date, width: Int, podUsage: [String: ResourceUsage] = [:]
    ) -> [StyledLine] {
        let instance = status.instance
        let section = TextStyle(.header, bold: true)
        var out: [StyledLine] = []
        func field(_ name: String, _ value: String, _ style: TextStyle = .normal) {
            out.append(StyledLine([StyledSpan("  " + pad(name, 14), TextStyle(.dim)), StyledSpan(value.isEmpty ? "-" : value, style)]))
        }
        let state = ServiceStatusText.of(status)
        out.append(StyledLine("Instance \(instance.name)", TextStyle(.title, bold: true)))
        field("Namespace", instance.namespace)
        field("Template", instance.templateID)
        if instance.managedBy == .karvdash {
            field("Managed by", "MARVdash/Karvdash (read-only here)", TextStyle(.dim))
        } else {
            field("Managed by", "marvdash")
            let kept = instance.revisions.map(String.init).joined(separator: ", ")
            field("Revision", kept.isEmpty ? String(instance.revision) : "\(instance.revision) (kept: \(kept))")
        }
        if let created = instance.createdAt {
            field("Created", "\(Timestamp.format(created)) (\(ServiceAge.format(now.timeIntervalSince(created))) ago)")
        }
        if instance.state.needsAttention {
            let since = instance.stateSince.map { " since \(ServiceAge.format(now.timeIntervalSince($0)))" } ?? ""
            field("State", instance.state.rawValue + since + " — " + ServiceStatusText.advice(for: instance), TextStyle(ServiceStatusText.role(of: instance.state), bold: true))
        }
        field("Status", state.text, TextStyle(state.role))
        field("Ready", status.readyText, TextStyle(ServiceTableModel.readyRole(ready: status.ready, desired: status.desired)))

        out.append(.empty)
        out.append(StyledLine("Pods (\(status.pods.count))", section))
        func columnWidth(_ title: String, _ texts: [String], limit: Int) -> Int {
            min(limit, max(DisplayWidth.of(title), texts.map { DisplayWidth.of($0) }.max() ?? 0) + 2)
        }
        let nameWidth = columnWidth("NAME", status.pods.map(\.name), limit: 60)
        let statusWidth = columnWidth("STATUS", status.pods.map(\.status), limit: 28)
        let nodeWidth = columnWidth("NODE", status.pods.map { $0.node.isEmpty ? "-" : $0.node }, limit: 40)
        let showUsage = status.pods.contains { podUsage["\(instance.namespace)/\($0.name)"] != nil }
        if status.pods.isEmpty {
            out.append(StyledLine("  none", TextStyle(.dim)))
        } else {
            out.append(StyledLine("  " + pad("NAME", nameWidth) + pad("STATUS", statusWidth) + pad("READY", 7) + pad("RESTARTS", 10)
                + pad("NODE", nodeWidth) + (showUsage ? pad("LAYER", 8) + pad("CPU USED", 10) + "MEM USED" : "LAYER"), TextStyle(.dim)))
        }
        let pods = NaturalOrder.sorted(status.pods, by: \.name)
        for pod in pods {
            var tail = pod.layer?.rawValue ?? "-"
            if showUsage {
                tail = pad(tail, 8) + (podUsage["\(instance.namespace)/\(pod.name)"].map { pad($0.cpu.cpuDisplay, 10) + $0.memory.bytesDisplay } ?? "-")
            }
            out.append(StyledLine([
                StyledSpan("  " + pad(pod.name, nameWidth)),
                StyledSpan(pad(pod.status, statusWidth), TextStyle(podRole(pod))),
                StyledSpan(pad(pod.ready, 7) + pad(String(pod.restarts), 10) + pad(pod.node.isEmpty ? "-" : pod.node, nodeWidth) + tail),
            ]))
        }
        for (reason, held) in pendingReasons(pods) {
            let who = held.count == 1 ? "\(held[0]) is Pending" : "\(held.count) pods Pending"
            out.append(.empty)
            for piece in wrap("\(who): \(reason)", width: max(20, width - 4)) {
                out.append(StyledLine("    " + piece, TextStyle(.statusWarn)))
            }
        }

        if instance.state.needsAttention || status.objects.contains(where: { !$0.exists }) {
            out.append(.empty)
            out.append(StyledLine("Objects (\(status.objectsText) of revision \(instance.revision) exist)", section))
            if status.objects.isEmpty { out.append(StyledLine("  none recorded", TextStyle(.dim))) }
            for object in status.objects {
                let mark = object.exists ? StyledSpan("  ✔ ", TextStyle(.statusOK)) : StyledSpan("  ✖ ", TextStyle(.statusError))
                let note = object.isLatest ? (object.exists ? "" : "  (missing)") : (object.exists ? "  (earlier revision; pruned when the action finishes)" : "  (earlier revision, gone)")
                out.append(StyledLine([mark, StyledSpan(object.object), StyledSpan(note, TextStyle(.dim))]))
            }
        }

        out.append(.empty)
        out.append(StyledLine("Values (\(instance.values.count))", section))
        if instance.values.isEmpty { out.append(StyledLine("  none", TextStyle(.dim))) }
        let keyWidth = min(32, max(14, (instance.values.keys.map { DisplayWidth.of($0) }.max() ?? 0) + 2))
        let shown = instance.maskedValues
        for key in instance.values.keys.sorted() {
            let secret = instance.secretNames.contains(key)
            out.append(StyledLine([
                StyledSpan("  " + pad(key, keyWidth), TextStyle(.dim)),
                StyledSpan(oneLine(shown[key] ?? ""), secret ? TextStyle(.dim) : .normal),
            ]))
        }

        out.append(.empty)
        out.append(StyledLine("Placement", section))
        out += placementLines(instance.placement, width: width)

        out.append(.empty)
        out.append(StyledLine("Endpoints (\(status.endpoints.count))", section))
        if status.endpoints.isEmpty { out.append(StyledLine("  none", TextStyle(.dim))) }
        out += status.endpoints.map { StyledLine("  " + $0) }
        if let secret = instance.authSecret {
            out.append(StyledLine([StyledSpan("  " + pad("Basic auth", 14), TextStyle(.dim)), StyledSpan("on (htpasswd hash in Secret \(secret))")]))
        }

        out.append(.empty)
        out.append(StyledLine("Volumes (\(instance.volumes.count))", section))
        if instance.volumes.isEmpty { out.append(StyledLine("  none", TextStyle(.dim))) }
        out += instance.volumes.map { StyledLine("  " + $0) }

        return out
    }

    /// Each distinct scheduler message of the Pending pods, in the order first met,
    /// with the pods it holds back.
    static func pendingReasons(_ pods: [InstanceStatus.PodEntry]) -> [(reason: String, pods: [String])] {
        var out: [(reason: String, pods: [String])] = []
        for pod in pods {
            guard let reason = pod.pendingReason else { continue }
            if let i = out.firstIndex(where: { $0.reason == reason }) {
                out[i].pods.append(pod.name)
            } else {
                out.append((reason, [pod.name]))
            }
        }
        return out
    }

    /// The placement decision: its settings on one line, then each workload with its
    /// nodes and layer and the explanation (wrapped); anything else as YAML.
    static func placementLines(_ placement: JSONValue, width: Int) -> [StyledLine] {
        guard let object = placement.objectValue else {
            return placement.isNull ? [StyledLine("  none recorded", TextStyle(.dim))] : yamlLines(placement)
        }
        var out: [StyledLine] = []
        var settings: [String] = []
        var rest = JSONObject()
        for member in object {
            switch member.value {
            case .string(let text): settings.append("\(member.key) \(text)")
            case .int, .double, .bool: settings.append("\(member.key) \(member.value.jsonString())")
            case .array(let items) where member.key == "workloads": out += items.flatMap { workloadLines($0, width: width) }
            default: rest[member.key] = member.value
            }
        }
        if !settings.isEmpty { out.insert(StyledLine("  " + settings.joined(separator: " · ")), at: 0) }
        if !rest.isEmpty { out += yamlLines(.object(rest)) }
        return out.isEmpty ? [StyledLine("  none recorded", TextStyle(.dim))] : out
    }

    /// "StatefulSet/kafka → psnc-gpu1 (cloud)" and its wrapped explanation.
    static func workloadLines(_ item: JSONValue, width: Int) -> [StyledLine] {
        guard let name = item["workload"]?.stringValue else { return yamlLines(item) }
        let nodes = (item["nodes"]?.arrayValue ?? []).compactMap(\.stringValue)
        var line = "  \(name) → " + (nodes.isEmpty ? "any node" : nodes.joined(separator: ", "))
        if let layer = item["layer"]?.stringValue { line += " (\(layer))" }
        var out = [StyledLine(line)]
        if let summary = item["summary"]?.stringValue {
            out += wrap(summary, width: max(20, width - 6)).map { StyledLine("      " + $0, TextStyle(.dim)) }
        }
        return out
    }

    static func yamlLines(_ value: JSONValue) -> [StyledLine] {
        YAML.emit(value).split(separator: "\n", omittingEmptySubsequences: true).map { StyledLine("  " + $0) }
    }

    static func podRole(_ pod: InstanceStatus.PodEntry) -> StyleRole {
        switch pod.status {
        case "Running", "Completed", "Succeeded": return .statusOK
        case "Pending", "ContainerCreating", "PodInitializing", "Terminating": return pod.pendingReason == nil ? .statusPending : .statusWarn
        default: return pod.status.hasPrefix("Init:") ? .statusPending : .statusError
        }
    }

    /// Splits `text` into lines of at most `width` columns at spaces (a word longer than that is cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        TextWrap.lines(oneLine(text).trimmingCharacters(in: .whitespaces), width: width)
    }

    /// Newlines and tabs as spaces, so a value stays on its line.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    static func pad(_ s: String, _ width: Int) -> String {
        let w = DisplayWidth.of(s)
        return w >= width ? s + " " : s + String(repeating: " ", count: width - w)
    }
}
