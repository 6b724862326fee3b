import MarvelCore

/// Field ownership in server-side apply, as kube-apiserver keeps it in
/// `metadata.managedFields`: an applier owns the fields of its last applied
/// configuration. Applying again without a field it owned removes that field,
/// unless another manager owns it too; setting a field another manager owns
/// to a different value is a conflict (409) unless the apply is forced, which
/// takes the field over.
struct ApplyOwnership {
    var manager: String
    var force: Bool
    /// `metadata.managedFields[].apiVersion` and `.time` of the new entry.
    var apiVersion: String
    var time: String

    /// One conflict: the other manager's entry and the field.
    struct Conflict {
        var entry: JSONValue
        var path: [String]
    }

    /// `merged` (the existing object with `config` merged in) without the fields this
    /// manager applied before and no longer sends (and no other manager owns), and the
    /// object's new managedFields. `fields` is the set `config` owns.
    func resolve(existing: JSONValue?, merged: JSONValue, config: JSONValue, fields: FieldPathSet) throws(APIStatus)
        -> (object: JSONValue, managedFields: [JSONValue])
    {
        let entries = existing?.at("metadata", "managedFields")?.arrayValue ?? []
        let isMine = { (e: JSONValue) in e["manager"]?.stringValue == manager && e["operation"]?.stringValue == "Apply" }
        let previous = entries.first(where: isMine).map { FieldPathSet(fieldsV1: $0["fieldsV1"] ?? [:]) } ?? FieldPathSet()
        var others = entries.filter { !isMine($0) }.map { (entry: $0, set: FieldPathSet(fieldsV1: $0["fieldsV1"] ?? [:])) }

        var conflicts: [Conflict] = []
        if let existing {
            for other in others {
                for path in other.set.paths.intersection(fields.paths).sorted(by: { $0.lexicographicallyPrecedes($1) }) where path.last != "." {
                    guard let current = FieldPathSet.value(at: path, in: existing) else { continue }
                    if current != FieldPathSet.value(at: path, in: config) { conflicts.append(Conflict(entry: other.entry, path: path)) }
                }
            }
        }
        if !conflicts.isEmpty {
            guard force else { throw Self.conflictError(conflicts) }
            // Forced: the fields move to this manager.
            let taken = Set(conflicts.map(\.path))
            for i in others.indices { others[i].set.paths.subtract(taken) }
        }

        var object = merged
        let othersOwn = FieldPathSet(paths: others.reduce(into: Set<[String]>()) { $0.formUnion($1.set.paths) })
        // Whole list items first (found by their key fields), then single fields, deepest first.
        let dropped = previous.paths.subtracting(fields.paths).sorted {
            ($0.last == "." ? 0 : 1, -$0.count, $0.joined()) < ($1.last == "." ? 0 : 1, -$1.count, $1.joined())
        }
        for path in dropped where !othersOwn.covers(path) {
            object = FieldPathSet.removing(path[...], from: object)
        }

        var out: [JSONValue] = []
        for other in others where !other.set.paths.isEmpty {
            var entry = other.entry
            entry["fieldsV1"] = other.set.fieldsV1
            out.append(entry)
        }
        out.append([
            "manager": .string(manager), "operation": "Apply", "apiVersion": .string(apiVersion),
            "time": .string(time), "fieldsType": "FieldsV1", "fieldsV1": fields.fieldsV1,
        ])
        return (object, out)
    }

    /// kube-apiserver's apply conflict: 409 Conflict, a cause per field.
    static func conflictError(_ conflicts: [Conflict]) -> APIStatus {
        let causes: [JSONValue] = conflicts.map {
            ["reason": "FieldManagerConflict", "message": .string("conflict with \(managerText($0.entry))"), "field": .string(FieldPathSet.text($0.path))]
        }
        let message: String
        if conflicts.count == 1 {
            message = "Apply failed with 1 conflict: conflict with \(managerText(conflicts[0].entry)): \(FieldPathSet.text(conflicts[0].path))"
        } else {
            var byManager: [String: [String]] = [:]
            for c in conflicts { byManager[managerText(c.entry), default: []].append(FieldPathSet.text(c.path)) }
            var lines: [String] = []
            for manager in byManager.keys.sorted() {
                lines.append("conflicts with \(manager):")
                lines += (byManager[manager] ?? []).map { "- " + $0 }
            }
            message = "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
        }
        return APIStatus(code: 409, reason: "Conflict", message: message, causes: causes)
    }

    /// A manager as kube-apiserver names it in a conflict: `"kubectl"`, or for an update
    /// `"kubectl-edit" using apps/v1 at 2026-12-06T08:00:00Z`.
    static func managerText(_ entry: JSONValue) -> String {
        var text = GoValueText.quoted(entry["manager"]?.stringValue ?? "")
        if let sub = entry["subresource"]?.stringValue, !sub.isEmpty { text += " with subresource \(GoValueText.quoted(sub))" }
        if entry["operation"]?.stringValue == "Update" {
            text += " using \(entry["apiVersion"]?.stringValue ?? "")"
            if let time = entry["time"]?.stringValue { text += " at \(time)" }
        }
        return text
    }
}
