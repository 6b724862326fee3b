/// The apply machinery of deploy, upgrade and rollback: checking rendered objects,
/// planning (who owns what), server-side apply in order, undo and delete.
extension Deployer {
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

    /// One object to apply: its type and whether it existed before.
    struct PlannedObject {
        var object: JSONValue
        var type: ResourceType
        var existed: Bool
    }

    /// What an apply did so far.
    struct Applied {
        var labels: [String] = []
        var created: [JSONValue] = []
        var objects: [JSONValue] = []
    }

    /// An apply that failed at `object` after doing `done`.
    struct ApplyFailure: Error {
        var object: String
        var message: String
        var done: Applied
    }

    /// Resolves each object's type and refuses, before anything is changed, objects that
    /// exist and belong to another instance (or to nothing marvdash made).
    func applyPlan(_ objects: [JSONValue], instance: String, namespace: String) throws -> [PlannedObject] {
        var plan: [PlannedObject] = []
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
            plan.append(PlannedObject(object: o, type: type, existed: existed))
        }
        return plan
    }

    /// Applies each planned object in order; throws `ApplyFailure` (with the API's message,
    /// secret values masked) at the first refusal, leaving the undo to the caller.
    func apply(_ plan: [PlannedObject], namespace: String, dryRun: Bool, mask: SecretMask) throws -> Applied {
        var done = Applied()
        for (index, step) in plan.enumerated() {
            let label = DeployObject.label(step.object)
            do {
                let answer = try applyObject(step.object, type: step.type, namespace: namespace, dryRun: dryRun)
                done.labels.append(label)
                done.objects.append(answer)
                if !step.existed { done.created.append(step.object) }
            } catch {
                throw ApplyFailure(object: label, message: mask.text(DeployObject.message(error)), done: done)
            }
            if !dryRun { try reached(.applied(label, index: index)) }
        }
        return done
    }

    /// Server-side apply of one object (PATCH application/apply-patch+yaml with a JSON body).
    func applyObject(_ object: JSONValue, type: ResourceType, namespace: String, dryRun: Bool) throws(KubeError) -> JSONValue {
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
