/// Updating a catalog for a few changed nodes and pods: only the rows of the
/// nodes concerned are recomputed (their pods are the old row's, with the
/// changed ones replaced), the other rows are shared with the old catalog.
extension NodeCatalog {
    /// The catalog with the rows of `affected` recomputed; `nodes` holds each affected node
    /// that exists now, `changedPods` the pods changed since ("namespace/name" → the pod
    /// now, nil when removed). Nil when an affected node exists without a row or has a row
    /// but no longer exists (a node added or removed: rebuild instead).
    func updating(nodes: [String: Node], affected: Set<String>, changedPods: [String: Pod?], usage: ClusterUsage?) -> NodeCatalog? {
        var sections = self.sections
        var touched: Set<Int> = []
        var freshByNode: [String: [Pod]] = [:]
        for case let pod? in changedPods.values where affected.contains(pod.nodeName) {
            freshByNode[pod.nodeName, default: []].append(pod)
        }
        for name in affected {
            let found = Self.locate(name, in: sections)
            guard let node = nodes[name] else {
                if found == nil { continue }  // pods bound to a node that does not exist: no row either way
                return nil
            }
            guard let (s, i) = found else { return nil }
            var pods = sections[s].rows[i].pods.filter { changedPods[$0.id] == nil }
            pods += freshByNode[name] ?? []
            pods.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
            let row = NodeInventory.row(for: node, pods: pods, rules: rules, usage: usage?.nodes[name])
            let target = Self.sectionIndex(row.layer)
            if target == s {
                sections[s].rows[i] = row
                sections[s].search[i] = SearchText(row)
            } else {
                sections[s].rows.remove(at: i)
                sections[s].search.remove(at: i)
                let at = Self.insertionIndex(of: name, in: sections[target].rows)
                sections[target].rows.insert(row, at: at)
                sections[target].search.insert(SearchText(row), at: at)
                touched.insert(target)
            }
            touched.insert(s)
        }
        for s in touched {
            var totals = LayerTotals()
            for row in sections[s].rows { totals.add(row) }
            sections[s].totals = totals
        }
        return NodeCatalog(rules: rules, sections: sections)
    }

    /// The section and position of the row of node `name` (rows are in name order).
    static func locate(_ name: String, in sections: [Section]) -> (Int, Int)? {
        for (s, section) in sections.enumerated() {
            let i = insertionIndex(of: name, in: section.rows)
            if i > 0, section.rows[i - 1].name == name { return (s, i - 1) }
        }
        return nil
    }

    /// The position after every row whose name sorts before or equal to `name`.
    static func insertionIndex(of name: String, in rows: [NodeRow]) -> Int {
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if rows[mid].name <= name { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
