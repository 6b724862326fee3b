import MarvelCore

/// The text of the node detail view: identity, resources (capacity vs
/// allocatable vs requested vs used), labels, every taint, conditions and the
/// pods in natural order (`-2` before `-10`) with their usage where the metrics
/// API reports it; lines wider than the view wrap.
public enum NodeDetail {
    /// The lines for one node row, wrapped to `width` columns; `vpnRanges` are
    /// the address ranges of the EdgeSec VPN (an InternalIP in one is the
    /// node's VPN address); `podUsage` is the usage of pods by "namespace/name".
    public static func lines(
        for row: NodeRow, layer: Layer, vpnRanges: [IPv4Range] = [], width: Int = .max, podUsage: [String: ResourceUsage] = [:],
        podsLoading: Bool = false
    ) -> [StyledLine] {
        let all = unwrappedLines(for: row, layer: layer, vpnRanges: vpnRanges, podUsage: podUsage, podsLoading: podsLoading)
        return width == .max ? all : TextWrap.lines(all, width: max(20, width), indent: 4)
    }

    /// The lines for one node row, unwrapped. `podsLoading`: the pods are still being listed,
    /// so requested figures and the pod list say "loading…" instead of a confident zero.
    static func unwrappedLines(for row: NodeRow, layer: Layer, vpnRanges: [IPv4Range], podUsage: [String: ResourceUsage],
                               podsLoading: Bool = false) -> [StyledLine] {
        let node = row.node
        let section = TextStyle(.header, bold: true)
        var out: [StyledLine] = []
        func field(_ name: String, _ value: String, _ style: TextStyle = .normal) {
            out.append(StyledLine([StyledSpan("  " + pad(name, 14), TextStyle(.dim)), StyledSpan(value.isEmpty ? "-" : value, style)]))
        }
        out.append(StyledLine("Node \(node.name)", TextStyle(NodeTableModel.role(of: layer), bold: true)))
        field("Status", row.status, TextStyle(NodeTableModel.statusRole(row.status)))
        field("Layer", layer.rawValue)
        field("Site", row.site)
        field("Arch", node.os.isEmpty ? node.arch : "\(node.arch) (\(node.os))")
        field("Kubelet", node.kubeletVersion)
        field("Internal IP", node.internalIP)
        if let vpn = VPNAddress.of(node, ranges: vpnRanges) {
            field("VPN address", "\(vpn.address) (EdgeSec VPN; \(vpn.source))", TextStyle(.statusOK))
        }

        out.append(.empty)
        out.append(StyledLine("Resources", section))
        let used: [String: Quantity] = row.usage.map { ["cpu": $0.cpu, "memory": $0.memory] } ?? [:]
        out.append(StyledLine(
            "  " + pad("RESOURCE", 22) + pad("CAPACITY", 12) + pad("ALLOCATABLE", 13) + (used.isEmpty ? "REQUESTED" : pad("REQUESTED", 18) + "USED"),
            TextStyle(.dim)))
        let requested = NodeInventory.requests(of: row.pods)
        for name in resourceNames(node) {
            let alloc = node.allocatable[name]
            var req = name == "pods" ? Quantity(value: Int64(row.podCount)) : requested[name, default: .zero]
            if name == "pods" && alloc == nil { req = .zero }
            var reqText = podsLoading ? "loading…" : format(req, resource: name)
            if !podsLoading, let alloc, !alloc.isZero {
                reqText += " (\(NodeTableModel.percent(req.nanosAsDouble * 100 / alloc.nanosAsDouble)))"
            }
            var line = "  " + pad(name, 22) + pad(node.capacity[name].map { format($0, resource: name) } ?? "-", 12)
                + pad(alloc.map { format($0, resource: name) } ?? "-", 13)
            if !used.isEmpty {
                line += pad(reqText, 18)
                if let u = used[name] {
                    line += format(u, resource: name)
                    if let alloc, !alloc.isZero { line += " (\(NodeTableModel.percent(u.nanosAsDouble * 100 / alloc.nanosAsDouble)))" }
                }
            } else {
                line += reqText
            }
            out.append(StyledLine(line))
        }
        if row.usageFarAboveRequests {
            out.append(StyledLine("  ▲ usage runs far above requests: the scheduler, which counts requests, sees room that is in use",
                                  TextStyle(.statusWarn, bold: true)))
        }

        out.append(.empty)
        out.append(StyledLine("Labels (\(node.labels.count))", section))
        if node.labels.isEmpty { out.append(StyledLine("  none", TextStyle(.dim))) }
        for key in node.labels.keys.sorted() { out.append(StyledLine("  \(key)=\(node.labels[key] ?? "")")) }

        out.append(.empty)
        out.append(StyledLine("Taints (\(node.taints.count))", section))
        if node.taints.isEmpty { out.append(StyledLine("  none", TextStyle(.dim))) }
        for taint in node.taints { out.append(StyledLine("  \(taint.description)", TextStyle(.statusWarn))) }

        out.append(.empty)
        out.append(StyledLine("Conditions", section))
        out.append(StyledLine("  " + pad("TYPE", 20) + pad("STATUS", 8) + pad("REASON", 28) + "MESSAGE", TextStyle(.dim)))
        for c in node.conditions {
            let healthy = c.type == "Ready" ? c.status == "True" : c.status == "False"
            out.append(StyledLine([
                StyledSpan("  " + pad(c.type, 20)),
                StyledSpan(pad(c.status, 8), TextStyle(healthy ? .statusOK : .statusWarn)),
                StyledSpan(pad(c.reason.isEmpty ? "-" : c.reason, 28) + c.message),
            ]))
        }

        out.append(.empty)
        if podsLoading {
            out.append(StyledLine("Pods", section))
            out.append(StyledLine("  loading…", TextStyle(.dim)))
            return out
        }
        out.append(StyledLine("Pods (\(row.pods.count))", section))
        if row.pods.isEmpty { out.append(StyledLine("  none", TextStyle(.dim))) }
        let nameWidth = min(60, max(16, row.pods.map { $0.namespace.count + 1 + $0.name.count }.max() ?? 0) + 2)
        let showUsage = row.pods.contains { podUsage[$0.id] != nil }
        if !row.pods.isEmpty {
            out.append(StyledLine(
                "  " + pad("NAMESPACE/NAME", nameWidth) + pad("STATUS", 20) + pad("CPU", 8) + (showUsage ? pad("MEMORY", 10) + pad("CPU USED", 10) + "MEM USED" : "MEMORY"),
                TextStyle(.dim)))
        }
        for pod in NaturalOrder.sorted(row.pods, by: { "\($0.namespace)/\($0.name)" }) {
            let req = pod.effectiveRequests
            var figures = pad(req["cpu"].map(\.cpuDisplay) ?? "-", 8)
            if showUsage {
                figures += pad(req["memory"].map(\.bytesDisplay) ?? "-", 10)
                if let u = podUsage[pod.id] { figures += pad(u.cpu.cpuDisplay, 10) + u.memory.bytesDisplay }
            } else {
                figures += req["memory"].map(\.bytesDisplay) ?? "-"
            }
            out.append(StyledLine([
                StyledSpan("  " + pad("\(pod.namespace)/\(pod.name)", nameWidth)),
                StyledSpan(pad(pod.displayStatus, 20), TextStyle(podRole(pod))),
                StyledSpan(figures),
            ]))
        }
        return out
    }

    /// cpu and memory first, then the rest alphabetically.
    static func resourceNames(_ node: Node) -> [String] {
        let all = Set(node.capacity.keys).union(node.allocatable.keys)
        let first = ["cpu", "memory"].filter { all.contains($0) }
        return first + all.subtracting(first).sorted()
    }

    static func format(_ q: Quantity, resource: String) -> String {
        if resource == "cpu" { return q.cpuDisplay }
        if resource == "memory" || resource.hasPrefix("hugepages-") || resource == "ephemeral-storage" { return q.bytesDisplay }
        return q.description
    }

    static func podRole(_ pod: Pod) -> StyleRole {
        switch pod.displayStatus {
        case "Running", "Completed", "Succeeded": return .statusOK
        case "Pending", "ContainerCreating", "PodInitializing", "Terminating": return .statusPending
        default: return pod.displayStatus.hasPrefix("Init:") ? .statusPending : .statusError
        }
    }

    static func pad(_ s: String, _ width: Int) -> String {
        let w = DisplayWidth.of(s)
        return w >= width ? s + " " : s + String(repeating: " ", count: width - w)
    }
}
