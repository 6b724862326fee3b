/// Deleting an instance: every object it may have, then its record.
extension Deployer {
    /// Deletes every object of the instance — those of the revisions that may exist and any
    /// object labelled with the instance — then the record, which is first marked
    /// pending-delete (a legacy ConfigMap record becomes a Secret), so an interrupted delete
    /// shows in `services` and running it again finishes it. Objects labelled with the
    /// instance but without any record (an older marvdash interrupted before writing it) are
    /// removed the same way. Returns "Kind/name" of what it removed.
    public func delete(name: String, namespace: String) throws -> [String] {
        try remove(name: name, namespace: namespace, purge: false).removed
    }

    /// What `remove` did: the objects removed ("Kind/name") and the claims holding the
    /// instance's data that were kept (empty with `purge`).
    public struct Removal: Sendable {
        public var removed: [String]
        public var keptClaims: [String]
    }

    /// `delete`, and the claims that hold the instance's data (its PRIVATE claim, its
    /// StatefulSets' claims): kept and listed, or removed too when `purge` is set. The
    /// namespace's SHARED claim is never removed.
    public func remove(name: String, namespace: String, purge: Bool) throws -> Removal {
        var rec = try record(name: name, namespace: namespace)
        let everyManifest = rec.map { r in r.history.keys.sorted().flatMap { r.history[$0]?.manifests ?? [] } } ?? []
        let claims = try instanceClaims(name: name, manifests: everyManifest, namespace: namespace)
        if var marked = rec {
            marked.setState(.pendingDelete, at: now())
            try writeRecord(&marked, creating: false)
            rec = marked
            try reached(.recordWritten(.pendingDelete))
        }
        var removed: [String] = []
        for object in rec?.liveManifests ?? [] {
            let label = DeployObject.label(object)
            if try deleteObject(object, namespace: namespace) {
                removed.append(label)
                try reached(.deleted(label))
            }
        }
        for item in try labelledObjects(namespace: namespace, selector: "\(InstanceLabels.instance)=\(name)") {
            let label = DeployObject.label(item)
            if Self.isRecordObject(item) || removed.contains(label) { continue }
            if try deleteObject(item, namespace: namespace) {
                removed.append(label)
                try reached(.deleted(label))
            }
        }
        if rec == nil && removed.isEmpty {
            if try instances(namespace: namespace).contains(where: { $0.name == name && $0.managedBy == .karvdash }) {
                throw DeployError.readOnly(name: name, namespace: namespace)
            }
            throw DeployError.notFound(name: name, namespace: namespace)
        }
        if purge {
            for claim in claims {
                let object: JSONValue = [
                    "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": .string(claim), "namespace": .string(namespace)],
                ]
                if try deleteObject(object, namespace: namespace) { removed.append("PersistentVolumeClaim/\(claim)") }
            }
        }
        if rec != nil { removed += try deleteRecord(name: name, namespace: namespace) }
        return Removal(removed: removed, keptClaims: purge ? [] : claims)
    }

    /// Whether `object` is an instance record (the Secret, or a legacy ConfigMap), not an object of the instance.
    static func isRecordObject(_ object: JSONValue) -> Bool {
        let kind = DeployObject.kind(object)
        guard kind == "Secret" || kind == "ConfigMap", DeployObject.name(object).hasPrefix("marvdash-") else { return false }
        return DeployObject.labels(object)[InstanceLabels.record] == "true" || object["type"]?.stringValue == InstanceRecord.secretType
    }

    /// The objects of the kinds delete searches (`ResourceMap.searchedOnDelete`) that match `selector`,
    /// in `namespace` (every namespace when nil), with kind and apiVersion set.
    func labelledObjects(namespace: String?, selector: String) throws -> [JSONValue] {
        var out: [JSONValue] = []
        for type in ResourceMap.known where ResourceMap.searchedOnDelete.contains(type.kind) {
            let path = namespace.map { type.collectionPath(namespace: $0) } ?? "\(type.groupVersionPath)/\(type.resource)"
            let list: ObjectList
            do {
                list = try client.list(path, query: ["labelSelector": selector])
            } catch {
                if error.statusCode == 404 { continue }
                throw DeployError.api(action: "listing \(type.resource) labelled \(selector)", error)
            }
            for item in list.items {
                var item = item
                item["kind"] = .string(type.kind)
                item["apiVersion"] = .string(type.group.isEmpty ? type.version : "\(type.group)/\(type.version)")
                out.append(item)
            }
        }
        return out
    }
}
