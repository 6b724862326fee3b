import MarvelCore

/// The template history of a DaemonSet or StatefulSet as ControllerRevisions
/// (what `kubectl rollout history|undo ds/x` reads): one revision per pod
/// template, numbered in order of use; a template used again (an undo) takes
/// the next number. At most `revisionHistoryLimit` (default 10) old ones stay.
struct ControllerHistory {
    var store: ClusterStore
    var owner: JSONValue
    var ownerType: ResourceType

    static let defaultLimit = 10

    /// The revisions the owner controls, oldest revision first.
    func revisions() -> [JSONValue] {
        store.list(ResourceType.controllerRevisions.name, namespace: owner.objectNamespace).items
            .filter { WorkloadSync.controllerUID($0) == owner.objectUID }
            .sorted { ($0["revision"]?.intValue ?? 0) < ($1["revision"]?.intValue ?? 0) }
    }

    /// Makes the revision `name` for the owner's current template the newest one and
    /// drops old revisions beyond the limit whose hash no live pod carries. Returns its number.
    @discardableResult
    func record(name: String, hash: String, keepingHashes inUse: Set<String>) -> Int {
        let existing = revisions()
        let newest = existing.last?["revision"]?.intValue ?? 0
        var number = newest
        if let current = existing.first(where: { $0.objectName == name }) {
            if (current["revision"]?.intValue ?? 0) < newest {
                number = newest + 1
                _ = try? store.modify(
                    ResourceType.controllerRevisions.name, namespace: owner.objectNamespace, name: name
                ) { $0["revision"] = .int(number) }
            }
        } else {
            number = newest + 1
            _ = try? store.create(ResourceType.controllerRevisions.name, revision(name: name, hash: hash, number: number))
        }
        let limit = max(0, owner.at("spec", "revisionHistoryLimit")?.intValue ?? Self.defaultLimit)
        let old = revisions().filter {
            $0.objectName != name && !inUse.contains($0.at("metadata", "labels", "controller-revision-hash")?.stringValue ?? "")
        }
        for stale in old.prefix(max(0, old.count - limit)) {
            _ = try? store.delete(ResourceType.controllerRevisions.name, namespace: stale.objectNamespace, name: stale.objectName)
        }
        return number
    }

    private func revision(name: String, hash: String, number: Int) -> JSONValue {
        var template = owner.at("spec", "template") ?? [:]
        template["$patch"] = "replace"
        var labels = owner.at("spec", "template", "metadata", "labels")?.objectValue ?? JSONObject()
        labels["controller-revision-hash"] = .string(hash)
        var metadata: JSONObject = [
            "name": .string(name), "namespace": .string(owner.objectNamespace), "labels": .object(labels),
            "ownerReferences": [WorkloadSync.ownerReference(owner, type: ownerType)],
        ]
        if let cause = owner.at("metadata", "annotations", "kubernetes.io/change-cause") {
            metadata["annotations"] = ["kubernetes.io/change-cause": cause]
        }
        return [
            "apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": .object(metadata),
            "data": ["spec": ["template": template]], "revision": .int(number),
        ]
    }
}
