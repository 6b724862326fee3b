import Foundation

/// Every node of a snapshot as a row, grouped by layer and sorted by name, with
/// the lower-cased text a filter searches: built once per snapshot (the costly
/// walk over all pods), then filtered as often as the user types.
struct NodeCatalog: Sendable {
    /// One layer's rows and, per row, its search text.
    struct Section: Sendable {
        var layer: Layer
        var rows: [NodeRow]
        var search: [SearchText]
        var totals: LayerTotals
    }

    /// A row's filter fields, lower-cased and joined by newlines, as UTF-8 bytes.
    struct SearchText: Sendable {
        var bytes: [UInt8]
        var isASCII: Bool
    }

    let rules: LayerRules
    /// One section per `Layer.allCases`, in display order.
    let sections: [Section]

    init(rules: LayerRules, sections: [Section]) {
        self.rules = rules
        self.sections = sections
    }

    init(snapshot: ClusterSnapshot, rules: LayerRules) {
        self.rules = rules
        let nodes = snapshot.nodes
        let pods = snapshot.pods
        // Pod indices per node name: pods are copied once, into their node's row.
        var podsOfNode: [String: [Int]] = [:]
        podsOfNode.reserveCapacity(nodes.count)
        for i in pods.indices where !pods[i].nodeName.isEmpty {
            podsOfNode[pods[i].nodeName, default: []].append(i)
        }
        let order = nodes.indices.sorted { nodes[$0].name < nodes[$1].name }
        var sections = Layer.allCases.map { Section(layer: $0, rows: [], search: [], totals: LayerTotals()) }
        for n in order {
            let node = nodes[n]
            let indices = (podsOfNode[node.name] ?? []).sorted {
                (pods[$0].namespace, pods[$0].name) < (pods[$1].namespace, pods[$1].name)
            }
            let row = NodeInventory.row(for: node, pods: indices.map { pods[$0] }, rules: rules, usage: snapshot.usage?.nodes[node.name])
            let s = Self.sectionIndex(row.layer)
            sections[s].rows.append(row)
            sections[s].search.append(SearchText(row))
            sections[s].totals.add(row)
        }
        self.sections = sections
    }

    static func sectionIndex(_ layer: Layer) -> Int { Layer.allCases.firstIndex(of: layer) ?? 0 }

    /// The groups whose rows contain `filter` (trimmed, any case) in a search field,
    /// or match it as a regular expression with the `re:` prefix (`NodeFilterPattern`);
    /// unassigned is left out when it has no rows.
    func groups(matching filter: String) -> [LayerGroup] {
        let pattern = NodeFilterPattern(filter)
        var out: [LayerGroup] = []
        for section in sections {
            var group = LayerGroup(layer: section.layer, rows: section.rows, totals: section.totals)
            switch pattern {
            case .everything:
                break
            case .substring(let needle):
                group.rows = []
                group.totals = LayerTotals()
                for (i, row) in section.rows.enumerated() where section.search[i].contains(needle, row: row) {
                    group.rows.append(row)
                    group.totals.add(row)
                }
            case .regex, .invalid:
                group.rows = []
                group.totals = LayerTotals()
                for row in section.rows where pattern.matches(fields: NodeInventory.searchFields(row)) {
                    group.rows.append(row)
                    group.totals.add(row)
                }
            }
            if group.layer == .unassigned && group.rows.isEmpty { continue }
            out.append(group)
        }
        return out
    }
}

extension NodeCatalog.SearchText {
    init(_ row: NodeRow) {
        let text = NodeInventory.searchFields(row).map { $0.lowercased() }.joined(separator: "\n")
        bytes = Array(text.utf8)
        isASCII = bytes.allSatisfy { $0 < 0x80 }
    }

    /// Whether one field contains `needle` (already lower-cased). ASCII text is searched
    /// byte by byte; anything else goes through String's own comparison, field by field.
    func contains(_ needle: String, row: NodeRow) -> Bool {
        let pattern = Array(needle.utf8)
        guard isASCII, pattern.allSatisfy({ $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }) else {
            return NodeInventory.matches(row, needle)
        }
        return Self.find(pattern, in: bytes)
    }

    static func find(_ pattern: [UInt8], in text: [UInt8]) -> Bool {
        guard let first = pattern.first else { return true }
        guard text.count >= pattern.count else { return false }
        return text.withUnsafeBufferPointer { t in
            pattern.withUnsafeBufferPointer { p in
                let last = t.count - p.count
                var i = 0
                while i <= last {
                    if t[i] == first {
                        var j = 1
                        while j < p.count && t[i + j] == p[j] { j += 1 }
                        if j == p.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
