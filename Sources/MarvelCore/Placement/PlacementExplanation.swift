/// One node's verdict for a pod: feasible with its score, or rejected with
/// the reasons of the first filter it failed.
public struct NodeVerdict: Sendable, Hashable {
    public var node: String
    public var layer: Layer
    public var site: String
    public var reasons: [String]
    /// Set when the node can take the pod.
    public var score: NodeScore?
    /// The taint that keeps the pod off a dedicated node (the reason "untolerated taint"), when
    /// tolerating it is all the node lacks (lifecycle taints such as `node.kubernetes.io/unreachable`
    /// are never named).
    public var dedication: Node.Taint?

    public var feasible: Bool { reasons.isEmpty }

    public init(node: String, layer: Layer, site: String, reasons: [String], score: NodeScore?, dedication: Node.Taint? = nil) {
        self.node = node
        self.layer = layer
        self.site = site
        self.reasons = reasons
        self.score = score
        self.dedication = dedication
    }

    /// "dedicated (Layer=GRNEDGE1:NoSchedule): to use it, --tolerate Layer=GRNEDGE1:NoSchedule or placement.tolerate".
    public var tolerationHint: String? {
        dedication.map {
            "dedicated (\($0)): to use it, \(PlacementToleration.flag(for: $0)) or tolerate: [\(PlacementToleration.matching($0).text)] in the template's placement"
        }
    }

    public var json: JSONValue {
        var o: JSONObject = ["node": .string(node), "layer": .string(layer.rawValue), "site": .string(site)]
        if let score { o["score"] = score.json } else { o["reasons"] = .array(reasons.map(JSONValue.string)) }
        if let dedication {
            o["taint"] = .string(dedication.description)
            o["tolerateWith"] = .string(PlacementToleration.flag(for: dedication))
        }
        return .object(o)
    }
}

extension NodeVerdict {
    /// Lifecycle taints the node controller sets; tolerating them is not a way to use the node.
    static func isDedication(_ taint: Node.Taint) -> Bool {
        !taint.key.hasPrefix("node.kubernetes.io/")
    }
}

/// Every node's verdict for one more pod of a component, the feasible ones
/// ranked, the scheduler-style summary and the nearest miss.
public struct ComponentEvaluation: Sendable {
    public var component: String
    /// Every node, in name order.
    public var verdicts: [NodeVerdict]
    /// The feasible nodes, best first (score, then name).
    public var ranked: [NodeVerdict]
    /// "0/11 nodes are available: 4 Insufficient memory, 3 node(s) had untolerated taint {Layer: GRNEDGE1}."
    public var summary: String
    /// "mtfog1 lacks 512Mi memory": the rejected node closest to fitting, when one failed on resources alone.
    public var nearestMiss: String?
    /// The pod's images and what the registry said of their platforms.
    public var images: [ComponentImage]

    /// The nodes rejected only because they are dedicated, each with how to tolerate it.
    public var dedicatedNodes: [NodeVerdict] { verdicts.filter { $0.dedication != nil } }

    /// "grnedge1 is dedicated (Layer=GRNEDGE1:NoSchedule): to use it, --tolerate …", one sentence for all, nil when none.
    public var dedicationHint: String? {
        let dedicated = dedicatedNodes
        guard let first = dedicated.first?.dedication else { return nil }
        let names = dedicated.map { "\($0.node) (\($0.dedication?.description ?? ""))" }.joined(separator: ", ")
        let verb = dedicated.count == 1 ? "is" : "are"
        return "\(names) \(verb) dedicated: to use \(dedicated.count == 1 ? "it" : "one"), tolerate its taint with "
            + "\(PlacementToleration.flag(for: first)) (or the form's Tolerate field, or placement.tolerate in the template)"
    }

    /// Evaluates every node of `snapshot` for one more pod of `compiled`.
    public init(_ compiled: CompiledComponent, snapshot: PlacementSnapshot) {
        component = compiled.requirement.name
        images = compiled.requirement.images
        var verdicts: [NodeVerdict] = []
        var histogram: [String: Int] = [:]
        var closest: (gap: Double, name: String, text: String)?
        for (i, node) in snapshot.nodes.enumerated() {
            let reasons = compiled.reasons(i, snapshot)
            for r in reasons { histogram[r, default: 0] += 1 }
            let score = reasons.isEmpty ? compiled.score(i, snapshot) : nil
            var dedication: Node.Taint?
            if reasons.first?.hasPrefix("node(s) had untolerated taint") == true,
                let taint = PlacementFilters.untoleratedTaint(compiled.requirement.pod, node), NodeVerdict.isDedication(taint)
            {
                // Named only when tolerating the taint is all the node lacks (its other rules and the image fit).
                var tolerant = compiled.requirement.pod
                tolerant.tolerations.append(PlacementToleration.matching(taint))
                if PlacementFilters.staticReason(tolerant, rules: compiled.requirement.rules, on: node) == nil,
                    ImagePlatformFilter.reason(compiled.requirement.images, on: node) == nil
                {
                    dedication = taint
                }
            }
            verdicts.append(NodeVerdict(node: node.name, layer: node.layer, site: node.site, reasons: reasons, score: score, dedication: dedication))
            if !reasons.isEmpty, compiled.staticReasons[i] == nil, compiled.volumeReasons[i] == nil,
                compiled.demand.untracked.isEmpty,
                let miss = Self.shortfall(compiled.demand, node: i, snapshot: snapshot),
                closest.map({ miss.gap < $0.gap }) ?? true
            {
                closest = (miss.gap, node.name, "\(node.name) lacks \(miss.text)")
            }
        }
        self.verdicts = verdicts
        ranked = verdicts.filter(\.feasible).sorted {
            ($0.score?.total ?? 0, $1.node) > ($1.score?.total ?? 0, $0.node)
        }
        summary = Self.summary(available: ranked.count, total: snapshot.nodes.count, histogram: histogram)
        nearestMiss = closest?.text
    }

    /// `a/N nodes are available: <count reason>, …` with the "count reason" strings sorted as kube sorts them.
    public static func summary(available: Int, total: Int, histogram: [String: Int]) -> String {
        let parts = histogram.map { "\($0.value) \($0.key)" }.sorted()
        let list = parts.isEmpty ? "" : " " + parts.joined(separator: ", ")
        return "\(available)/\(total) nodes are available:\(list)."
    }

    /// What node `i` lacks for the pod ("512Mi memory and 200m cpu") and the largest
    /// missing share of its allocatable (to find the nearest miss).
    static func shortfall(_ demand: PodDemand, node i: Int, snapshot: PlacementSnapshot) -> (gap: Double, text: String)? {
        let base = i * snapshot.columns.count
        var parts: [String] = []
        var gap = 0.0
        for (c, want) in demand.nonZero {
            let missing = snapshot.requested[base + c] + want - snapshot.allocatable[base + c]
            guard missing > 0 else { continue }
            let name = snapshot.columns.names[c]
            let alloc = snapshot.allocatable[base + c]
            gap = max(gap, alloc > 0 ? Double(missing) / Double(alloc) : Double(missing))
            parts.append(c == 0 ? "room for another pod" : "\(ResourceColumns.display(missing, resource: name)) \(name)")
        }
        return parts.isEmpty ? nil : (gap, parts.joined(separator: " and "))
    }

    public var json: JSONValue {
        var o: JSONObject = ["component": .string(component), "summary": .string(summary)]
        if let nearestMiss { o["nearestMiss"] = .string(nearestMiss) }
        if !images.isEmpty { o["images"] = .array(ComponentImage.distinct(images).map(\.json)) }
        o["ranked"] = .array(ranked.map(\.json))
        o["rejected"] = .array(verdicts.filter { !$0.feasible }.map(\.json))
        return .object(o)
    }
}
