import Foundation

/// Deploys templates as instances and manages them through their record:
/// server-side apply, upgrade with pruning, rollback, delete, status and logs.
public struct Deployer: Sendable {
    public let client: KubeClient
    let resources: ResourceMap

    public init(client: KubeClient) {
        self.client = client
        self.resources = ResourceMap(client: client)
    }

    // MARK: deploy

    /// Renders `template` with `values` and applies every object as instance `name`,
    /// then writes the record. `dryRun` asks the server (dryRun=All) and stores nothing.
    /// `placement` decides where the workloads run first (see `PlacementMode`); when a
    /// workload cannot run anywhere it throws `PlacementRefusal` and applies nothing.
    public func deploy(
        template: Template, name: String, values: [String: String], namespace: String, automatic: AutomaticValues, dryRun: Bool,
        placement: PlacementRequest = .none
    ) throws -> DeployResult {
        if let existing = try record(name: name, namespace: namespace) {
            throw DeployError.nameTaken(name: name, namespace: namespace, template: existing.templateID)
        }
        let recordPath = "/api/v1/namespaces/\(namespace)/configmaps/\(InstanceRecord.configMapName(name))"
        if (try? client.get(recordPath)) != nil {
            throw DeployError.objectTaken(object: "ConfigMap/\(InstanceRecord.configMapName(name))", name: name, namespace: namespace, owner: nil)
        }
        if template.singleton, let other = try records(namespace: namespace).first(where: { $0.templateID == template.id }) {
            throw DeployError.singleton(template: template.id, existing: other.name, namespace: namespace)
        }
        var merged = values
        merged["NAME"] = name
        let resolved = try template.resolvedValues(merged, automatic: automatic)
        let rendered = try prepare(try template.render(values: merged, automatic: automatic), name: name, template: template.id, namespace: namespace)
        let (manifests, decision) = try place(rendered, rules: template.placement, instance: name, request: placement)
        let applied = try applyAll(manifests, instance: name, namespace: namespace, dryRun: dryRun)
        var rec = InstanceRecord(name: name, namespace: namespace, templateID: template.id)
        rec.templateSource = FileManager.default.contents(atPath: template.file).flatMap { String(data: $0, encoding: .utf8) }
        rec.append(values: resolved.filter { !AutomaticValues.variableNames.contains($0.key) }, manifests: manifests, placement: decision)
        if !dryRun {
            do {
                _ = try apply(rec.configMap(), type: try resources.type(kind: "ConfigMap", apiVersion: "v1"), namespace: namespace, dryRun: false)
            } catch let e as KubeError {
                let undone = undo(applied.created, namespace: namespace)
                throw DeployError.applyFailed(
                    object: "ConfigMap/\(InstanceRecord.configMapName(name))", message: DeployObject.message(e), applied: applied.labels, undone: undone)
            }
        }
        return DeployResult(
            name: name, namespace: namespace, revision: rec.revision, dryRun: dryRun, applied: applied.labels, pruned: [], objects: applied.objects,
            placement: decision)
    }

    // MARK: upgrade / rollback

    /// Re-renders instance `name` with its values overridden by `set`, applies the result as
    /// revision + 1 and prunes the objects the previous revision had and this one doesn't.
    /// The template comes from the record (its source is stored at deploy time) unless `template` is given.
    /// `placement` (default: the mode and policy the record names) re-places the workloads,
    /// counting the cluster without the instance's own pods.
    public func upgrade(
        name: String, namespace: String, set: [String: String], automatic: AutomaticValues, template: Template? = nil,
        placement: PlacementRequest? = nil
    ) throws -> DeployResult {
        var rec = try existingRecord(name: name, namespace: namespace)
        guard let template = try template ?? rec.templateSource.map({ try Template.parse($0, file: "\(InstanceRecord.configMapName(name)):template.yaml") }) else {
            throw DeployError.noTemplate(name: name, template: rec.templateID)
        }
        var values = rec.values
        for (k, v) in set { values[k] = v }
        values["NAME"] = name
        let resolved = try template.resolvedValues(values, automatic: automatic)
        let rendered = try prepare(try template.render(values: values, automatic: automatic), name: name, template: rec.templateID, namespace: namespace)
        let request = placement ?? PlacementRequest(record: rec.placement) ?? .none
        let (manifests, decision) = try place(rendered, rules: template.placement, instance: name, request: request)
        let previous = rec.manifests
        rec.append(values: resolved.filter { !AutomaticValues.variableNames.contains($0.key) }, manifests: manifests, placement: decision)
        return try replace(previous: previous, with: manifests, record: rec)
    }

    /// Re-applies the manifests of a kept revision (default: the one before the current)
    /// as a new revision with that revision's placement, pruning the objects it does not have.
    public func rollback(name: String, namespace: String, revision: Int?) throws -> DeployResult {
        var rec = try existingRecord(name: name, namespace: namespace)
        let kept = rec.history.keys.sorted()
        let target = revision ?? (kept.last(where: { $0 < rec.revision }) ?? rec.revision - 1)
        guard let entry = rec.history[target] else { throw DeployError.noRevision(name: name, revision: target, kept: kept) }
        let previous = rec.manifests
        rec.append(values: entry.values, manifests: entry.manifests, placement: entry.placement)
        return try replace(previous: previous, with: entry.manifests, record: rec)
    }

    private func replace(previous: [JSONValue], with manifests: [JSONValue], record rec: InstanceRecord) throws -> DeployResult {
        let applied = try applyAll(manifests, instance: rec.name, namespace: rec.namespace, dryRun: false)
        let keep = Set(manifests.map(DeployObject.label))
        var pruned: [String] = []
        for old in previous where !keep.contains(DeployObject.label(old)) {
            if try deleteObject(old, namespace: rec.namespace) { pruned.append(DeployObject.label(old)) }
        }
        do {
            _ = try apply(rec.configMap(), type: try resources.type(kind: "ConfigMap", apiVersion: "v1"), namespace: rec.namespace, dryRun: false)
        } catch let e as KubeError {
            throw DeployError.applyFailed(
                object: "ConfigMap/\(InstanceRecord.configMapName(rec.name))", message: DeployObject.message(e), applied: applied.labels + pruned.map { "pruned \($0)" },
                undone: [])
        }
        return DeployResult(
            name: rec.name, namespace: rec.namespace, revision: rec.revision, dryRun: false, applied: applied.labels, pruned: pruned, objects: applied.objects,
            placement: rec.placement)
    }

    // MARK: delete

    /// Deletes every object of the current revision and any object labelled with the
    /// instance, then the record. Returns "Kind/name" of what it removed.
    public func delete(name: String, namespace: String) throws -> [String] {
        let rec = try record(name: name, namespace: namespace)
        var removed: [String] = []
        for object in rec?.manifests ?? [] {
            if try deleteObject(object, namespace: namespace) { removed.append(DeployObject.label(object)) }
        }
        let recordName = InstanceRecord.configMapName(name)
        for type in ResourceMap.known where ResourceMap.searchedOnDelete.contains(type.kind) {
            let list: ObjectList
            do {
                list = try client.list(type.collectionPath(namespace: namespace), query: ["labelSelector": "\(InstanceLabels.instance)=\(name)"])
            } catch {
                if error.statusCode == 404 { continue }
                throw DeployError.api(action: "listing \(type.resource) of instance \(name)", error)
            }
            for item in list.items {
                var item = item
                item["kind"] = .string(type.kind)
                item["apiVersion"] = .string(type.group.isEmpty ? type.version : "\(type.group)/\(type.version)")
                let label = DeployObject.label(item)
                if DeployObject.name(item) == recordName && type.kind == "ConfigMap" || removed.contains(label) { continue }
                if try deleteObject(item, namespace: namespace) { removed.append(label) }
            }
        }
        if rec == nil && removed.isEmpty {
            if try instances(namespace: namespace).contains(where: { $0.name == name && $0.managedBy == .karvdash }) {
                throw DeployError.readOnly(name: name, namespace: namespace)
            }
            throw DeployError.notFound(name: name, namespace: namespace)
        }
        if rec != nil {
            let cm = JSONValue.object(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(recordName)]])
            if try deleteObject(cm, namespace: namespace) { removed.append("ConfigMap/\(recordName)") }
        }
        return removed
    }

    // MARK: records

    /// The record of instance `name`, or nil when there is none.
    public func record(name: String, namespace: String) throws -> InstanceRecord? {
        let path = "/api/v1/namespaces/\(namespace)/configmaps/\(InstanceRecord.configMapName(name))"
        do {
            let cm = try client.get(path)
            guard DeployObject.labels(cm)[InstanceLabels.record] == "true" else { return nil }
            return try InstanceRecord(configMap: cm)
        } catch let e as KubeError {
            if e.statusCode == 404 { return nil }
            throw DeployError.api(action: "reading the record of \(name)", e)
        }
    }

    func existingRecord(name: String, namespace: String) throws -> InstanceRecord {
        if let rec = try record(name: name, namespace: namespace) { return rec }
        if try instances(namespace: namespace).contains(where: { $0.name == name && $0.managedBy == .karvdash }) {
            throw DeployError.readOnly(name: name, namespace: namespace)
        }
        throw DeployError.notFound(name: name, namespace: namespace)
    }

    /// Every record in `namespace` (all namespaces when nil); damaged records are skipped.
    public func records(namespace: String?) throws -> [InstanceRecord] {
        let path = namespace.map { "/api/v1/namespaces/\($0)/configmaps" } ?? "/api/v1/configmaps"
        do {
            let list = try client.list(path, query: ["labelSelector": "\(InstanceLabels.record)=true"])
            return list.items.compactMap { try? InstanceRecord(configMap: $0) }
        } catch {
            throw DeployError.api(action: "listing instance records", error)
        }
    }

    // MARK: apply machinery

    /// Checks each rendered object and stamps labels and namespace on it.
    func prepare(_ objects: [JSONValue], name: String, template: String, namespace: String) throws -> [JSONValue] {
        try objects.enumerated().compactMap { index, o in
            if o.isNull { return nil }
            guard o["apiVersion"]?.stringValue != nil, o["kind"]?.stringValue != nil, !DeployObject.name(o).isEmpty else {
                throw DeployError.badObject(index: index, problem: "not a Kubernetes object (needs apiVersion, kind and metadata.name)")
            }
            return InstanceLabels.stamp(o, name: name, template: template, namespace: namespace)
        }
    }

    struct Applied {
        var labels: [String] = []
        var created: [JSONValue] = []
        var objects: [JSONValue] = []
    }

    /// Applies each object in order. Objects that exist and belong to another instance are
    /// refused before anything is applied; a failure part-way deletes what this call created.
    func applyAll(_ objects: [JSONValue], instance: String, namespace: String, dryRun: Bool) throws -> Applied {
        var plan: [(object: JSONValue, type: ResourceType, existed: Bool)] = []
        for o in objects {
            let type = try resources.type(kind: DeployObject.kind(o), apiVersion: o["apiVersion"]?.stringValue ?? "")
            let ns = o.at("metadata", "namespace")?.stringValue ?? namespace
            var existed = false
            do {
                let current = try client.get(type.objectPath(name: DeployObject.name(o), namespace: ns))
                existed = true
                let owner = DeployObject.labels(current)[InstanceLabels.instance]
                if owner != instance {
                    throw DeployError.objectTaken(object: DeployObject.label(o), name: instance, namespace: ns, owner: owner)
                }
            } catch let e as KubeError {
                if e.statusCode != 404 { throw DeployError.api(action: "checking \(DeployObject.label(o))", e) }
            }
            plan.append((o, type, existed))
        }
        var done = Applied()
        for step in plan {
            do {
                let answer = try apply(step.object, type: step.type, namespace: namespace, dryRun: dryRun)
                done.labels.append(DeployObject.label(step.object))
                done.objects.append(answer)
                if !step.existed { done.created.append(step.object) }
            } catch {
                let e = error
                let undone = dryRun ? [] : undo(done.created, namespace: namespace)
                throw DeployError.applyFailed(object: DeployObject.label(step.object), message: DeployObject.message(e), applied: done.labels, undone: undone)
            }
        }
        return done
    }

    /// Server-side apply of one object (PATCH application/apply-patch+yaml with a JSON body).
    func apply(_ object: JSONValue, type: ResourceType, namespace: String, dryRun: Bool) throws(KubeError) -> JSONValue {
        let ns = object.at("metadata", "namespace")?.stringValue ?? namespace
        var query = ["fieldManager": "marvdash", "force": "true"]
        if dryRun { query["dryRun"] = "All" }
        let path = type.objectPath(name: DeployObject.name(object), namespace: ns)
        let response = try client.send(
            .patch, path, query: query, headers: [(name: "Content-Type", value: "application/apply-patch+yaml")], body: object.jsonBytes())
        return (try? JSONValue.parse(response.body)) ?? object
    }

    /// Deletes what this call created (best effort) and returns their labels.
    func undo(_ created: [JSONValue], namespace: String) -> [String] {
        created.reversed().compactMap { o in
            (try? deleteObject(o, namespace: namespace)) == true ? DeployObject.label(o) : nil
        }
    }

    /// Deletes one object (background cascade); false when it was already gone.
    func deleteObject(_ object: JSONValue, namespace: String) throws -> Bool {
        let type = try resources.type(kind: DeployObject.kind(object), apiVersion: object["apiVersion"]?.stringValue ?? "")
        let ns = object.at("metadata", "namespace")?.stringValue ?? namespace
        do {
            _ = try client.send(.delete, type.objectPath(name: DeployObject.name(object), namespace: ns), query: ["propagationPolicy": "Background"])
            return true
        } catch {
            if error.statusCode == 404 { return false }
            throw DeployError.api(action: "deleting \(DeployObject.label(object))", error)
        }
    }
}
