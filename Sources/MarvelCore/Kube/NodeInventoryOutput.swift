import Foundation

/// Machine-readable and plain-text renderings of a `NodeInventory` for
/// `marvdash nodes -o json|yaml|table`.
extension NodeInventory {
    /// A stable shape: `{"layers": [{"layer", "totals", "nodes": [...]}]}` with cpu in
    /// cores (number), memory in bytes (integer), percentages rounded to 0.1.
    public func json() -> JSONValue {
        var layers: [JSONValue] = []
        for g in groups {
            let t = g.totals
            let totals: JSONValue = [
                "nodes": .int(t.nodes), "ready": .int(t.ready),
                "cpuAllocatable": Self.cores(t.cpuAllocatable), "cpuRequested": Self.cores(t.cpuRequested),
                "cpuPercent": Self.rounded(t.cpuPercent),
                "memoryAllocatable": Self.bytes(t.memoryAllocatable), "memoryRequested": Self.bytes(t.memoryRequested),
                "memoryPercent": Self.rounded(t.memoryPercent),
                "gpuAllocatable": .int(Int(t.gpuAllocatable)), "gpuRequested": .int(Int(t.gpuRequested)),
                "pods": .int(t.pods),
                "cpuUsed": t.usage.map { Self.cores($0.cpu) } ?? .null, "cpuUsedPercent": t.cpuUsedPercent.map(Self.rounded) ?? .null,
                "memoryUsed": t.usage.map { Self.bytes($0.memory) } ?? .null,
                "memoryUsedPercent": t.memoryUsedPercent.map(Self.rounded) ?? .null,
            ]
            let nodes: [JSONValue] = g.rows.map { r in
                var labels = JSONObject()
                for k in r.node.labels.keys.sorted() { labels[k] = .string(r.node.labels[k] ?? "") }
                return [
                    "name": .string(r.name), "status": .string(r.status), "ready": .bool(r.isReady),
                    "site": .string(r.site), "arch": .string(r.arch),
                    "cpuAllocatable": Self.cores(r.cpuAllocatable), "cpuRequested": Self.cores(r.cpuRequested),
                    "cpuPercent": Self.rounded(r.cpuPercent),
                    "memoryAllocatable": Self.bytes(r.memoryAllocatable), "memoryRequested": Self.bytes(r.memoryRequested),
                    "memoryPercent": Self.rounded(r.memoryPercent),
                    "gpuAllocatable": .int(Int(r.gpuAllocatable)), "gpuRequested": .int(Int(r.gpuRequested)),
                    "extended": Self.extendedJSON(r.extended),
                    "pods": .int(r.podCount), "taints": .array(r.taints.map { .string($0) }),
                    "kubeletVersion": .string(r.node.kubeletVersion), "labels": .object(labels),
                    "cpuUsed": r.usage.map { Self.cores($0.cpu) } ?? .null, "cpuUsedPercent": r.cpuUsedPercent.map(Self.rounded) ?? .null,
                    "memoryUsed": r.usage.map { Self.bytes($0.memory) } ?? .null,
                    "memoryUsedPercent": r.memoryUsedPercent.map(Self.rounded) ?? .null,
                    "usageFarAboveRequests": .bool(r.usageFarAboveRequests),
                ]
            }
            layers.append(["layer": .string(g.layer.rawValue), "totals": totals, "nodes": .array(nodes)])
        }
        return ["layers": .array(layers)]
    }

    /// Per layer a heading ("CLOUD  3 nodes (3 ready)  cpu 4.2/46 (9%)  …") then aligned
    /// columns NAME STATUS SITE ARCH CPU MEM CPU% MEM% EXTENDED PODS TAINTS (EXTENDED: every
    /// extended resource the node advertises, "1/2 nvidia.com/gpu", or "-"); with usage the
    /// percentages read "requested/used" and a node whose usage runs far above its requests is
    /// marked "▲". Lines are cut to `width` columns (0 or less: no limit).
    public func table(width: Int) -> String {
        let withUsage = groups.contains { $0.rows.contains { $0.usage != nil } }
        let header = ["NAME", "STATUS", "SITE", "ARCH", "CPU", "MEM", withUsage ? "CPU% REQ/USED" : "CPU%",
                      withUsage ? "MEM% REQ/USED" : "MEM%", "EXTENDED", "PODS", "TAINTS"]
        var cells: [[String]] = [header]
        for g in groups {
            for r in g.rows {
                cells.append([
                    r.name, r.status + (r.usageFarAboveRequests ? " ▲" : ""), r.site.isEmpty ? "-" : r.site, r.arch.isEmpty ? "-" : r.arch,
                    "\(r.cpuRequested.cpuDisplay)/\(r.cpuAllocatable.cpuDisplay)",
                    "\(r.memoryRequested.bytesDisplay)/\(r.memoryAllocatable.bytesDisplay)",
                    Self.percentText(r.cpuPercent, used: r.cpuUsedPercent), Self.percentText(r.memoryPercent, used: r.memoryUsedPercent),
                    Self.extendedText(r.extended), String(r.podCount),
                    r.taints.isEmpty ? "-" : r.taints.joined(separator: ","),
                ])
            }
        }
        // Column widths over every row so all layers line up.
        var widths = Array(repeating: 0, count: header.count)
        for row in cells {
            for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) }
        }
        func line(_ row: [String]) -> String {
            var s = ""
            for (i, c) in row.enumerated() {
                s += i == row.count - 1 ? c : c.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0)
            }
            return Self.cut(s, width)
        }
        var out: [String] = []
        var index = 1
        for g in groups {
            if !out.isEmpty { out.append("") }
            out.append(Self.cut(heading(g), width))
            out.append(line(header))
            for _ in g.rows {
                out.append(line(cells[index]))
                index += 1
            }
            if g.rows.isEmpty { out.append(Self.cut(filter.isEmpty ? "(no nodes)" : "(no nodes match \"\(filter)\")", width)) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The heading line of a layer.
    public func heading(_ g: LayerGroup) -> String {
        let t = g.totals
        return "\(g.layer.title)  \(t.nodes) node\(t.nodes == 1 ? "" : "s") (\(t.ready) ready)"
            + "  cpu \(t.cpuRequested.cpuDisplay)/\(t.cpuAllocatable.cpuDisplay) (\(Self.percentText(t.cpuPercent)))"
            + "  mem \(t.memoryRequested.bytesDisplay)/\(t.memoryAllocatable.bytesDisplay) (\(Self.percentText(t.memoryPercent)))"
            + "  gpu \(t.gpuRequested)/\(t.gpuAllocatable)  pods \(t.pods)"
            + (t.usage.map { "  used cpu \($0.cpu.cpuDisplay) (\(Self.percentText(t.cpuUsedPercent ?? 0))) mem \($0.memory.bytesDisplay) (\(Self.percentText(t.memoryUsedPercent ?? 0)))" } ?? "")
    }

    /// "1/2 nvidia.com/gpu, 0/1 example.com/dongle", or "-" when the node has none.
    public static func extendedText(_ resources: [ExtendedResourceUse]) -> String {
        resources.isEmpty ? "-" : resources.map(\.text).joined(separator: ", ")
    }

    /// `{"nvidia.com/gpu": {"allocatable": 2, "requested": 1}, …}`.
    static func extendedJSON(_ resources: [ExtendedResourceUse]) -> JSONValue {
        var o = JSONObject()
        for r in resources { o[r.name] = ["allocatable": .int(Int(r.allocatable)), "requested": .int(Int(r.requested))] }
        return .object(o)
    }

    /// A whole percentage ("9%").
    public static func percentText(_ p: Double) -> String { "\(Int(p.rounded()))%" }

    /// "9%", or requested and used: "9%/23%".
    public static func percentText(_ requested: Double, used: Double?) -> String {
        used.map { "\(percentText(requested))/\(percentText($0))" } ?? percentText(requested)
    }

    static func cores(_ q: Quantity) -> JSONValue { .double(Double(q.milliValue) / 1000) }
    static func bytes(_ q: Quantity) -> JSONValue { .int(Int(q.value)) }
    static func rounded(_ p: Double) -> JSONValue { .double((p * 10).rounded() / 10) }

    static func cut(_ s: String, _ width: Int) -> String {
        guard width > 0, s.count > width else { return s }
        return String(s.prefix(max(0, width - 1))) + "…"
    }
}
