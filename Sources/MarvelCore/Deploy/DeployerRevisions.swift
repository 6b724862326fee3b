/// Upgrade and rollback: a new revision written to the record as pending, its
/// objects applied, the objects the previous revisions had and it does not
/// pruned, then the record's final state.
extension Deployer {
    /// Re-renders instance `name` with its values overridden by `set`, applies the result as
    /// a new revision and prunes the objects the previous revision had and this one doesn't.
    /// The template comes from the record (its source is stored at deploy time) unless `template` is given.
    /// `placement` (default: the mode and policy the record names) re-places the workloads,
    /// counting the cluster without the instance's own pods. An instance whose last action was
    /// interrupted is upgraded from that action's values, finishing it.
    public func upgrade(
        name: String, namespace: String, set: [String: String], automatic: AutomaticValues, template: Template? = nil,
        placement: PlacementRequest? = nil
    ) throws -> DeployResult {
        var rec = try existingRecord(name: name, namespace: namespace)
        if rec.state == .pendingDelete { throw unfinished(rec) }
        guard let template = try template ?? rec.templateSource.map({ try Template.parse($0, file: "\(InstanceRecord.objectName(name)):template.yaml") }) else {
            throw DeployError.noTemplate(name: name, template: rec.templateID)
        }
        // Recorded values of variables the template no longer declares are dropped; `set` ones are checked.
        var values = rec.values.filter { template.variable(named: $0.key) != nil }
        for (k, v) in set { values[k] = v }
        values["NAME"] = name
        let resolved = try template.resolvedValues(values, automatic: automatic)
        let rendered = try furnished(
            mirrored(try prepare(try template.render(values: values, automatic: automatic), name: name, template: rec.templateID, namespace: namespace)),
            template: template, instance: name, resolved: resolved, namespace: namespace)
        let request = placement ?? PlacementRequest(record: rec.placement) ?? .none
        let (manifests, decision) = try place(rendered, rules: try template.placement(resolved: resolved), instance: name, request: request)
        rec.secretNames.formUnion(template.secretVariableNames)
        let next = InstanceRecord.Revision(
            values: resolved.filter { !AutomaticValues.variableNames.contains($0.key) }, manifests: manifests, placement: decision)
        var result = try replace(&rec, with: next, pending: .pendingUpgrade)
        result.warnings = template.placeholderWarnings(values: resolved)
        return result
    }

    /// Re-applies the manifests of a kept revision as a new revision with that revision's
    /// placement, pruning the objects it does not have. The default revision is the last
    /// deployed one when the latest action is unfinished or failed, else the latest earlier
    /// revision that did not fail.
    public func rollback(name: String, namespace: String, revision: Int?) throws -> DeployResult {
        var rec = try existingRecord(name: name, namespace: namespace)
        if rec.state == .pendingDelete { throw unfinished(rec) }
        let kept = rec.history.keys.sorted()
        let target = revision ?? rec.rollbackTarget ?? rec.revision - 1
        guard let entry = rec.history[target] else { throw DeployError.noRevision(name: name, revision: target, kept: kept) }
        return try replace(&rec, with: entry, pending: .pendingRollback)
    }

    /// Writes `next` as the pending latest revision, applies it, prunes what the live
    /// revisions had and it does not, and writes the final state. A refused object leaves
    /// the revision failed (what was applied stays, and `services` shows it).
    private func replace(_ rec: inout InstanceRecord, with revision: InstanceRecord.Revision, pending: InstanceState) throws -> DeployResult {
        let previous = rec.liveManifests
        let pulls = try pullPlan(revision.manifests, namespace: rec.namespace)
        var next = revision
        next.manifests = pulls.manifests
        let names = rec.secretNames.union((Array(rec.values.keys) + Array(next.values.keys)).filter(SecretNames.looksSecret))
        let auth = try basicAuthPlan(next.manifests, instance: rec.name, template: rec.templateID, namespace: rec.namespace)
        let mask = SecretMask(
            values: (Array(rec.values) + Array(next.values)).filter { names.contains($0.key) }.map(\.value) + pulls.passwords
                + (auth.credentials.map { [$0.password] } ?? []))
        let plan = try applyPlan(next.manifests, instance: rec.name, namespace: rec.namespace)
        rec.failUnfinished(at: now())
        rec.append(values: next.values, manifests: next.manifests, placement: next.placement, state: pending, at: now())
        try writeRecord(&rec, creating: false)
        try reached(.recordWritten(pending))
        var applied = Applied()
        do {
            applied = try ensurePullSecrets(pulls, namespace: rec.namespace, dryRun: false, mask: mask)
            let extras = try ensureSupport(
                next.manifests, auth: auth, instance: rec.name, template: rec.templateID, namespace: rec.namespace, dryRun: false, mask: mask)
            applied.labels += extras.labels
            let objects = try apply(plan, namespace: rec.namespace, dryRun: false, mask: mask)
            applied.labels += objects.labels
            applied.created += objects.created
            applied.objects = objects.objects
        } catch let failure as ApplyFailure {
            rec.setState(.failed, at: now())
            try? writeRecord(&rec, creating: false)
            throw DeployError.applyFailed(object: failure.object, message: failure.message, applied: failure.done.labels, undone: [])
        }
        let keep = Set(next.manifests.map(DeployObject.label))
        var pruned: [String] = []
        // The auth Secret is no revision's object: it goes when no Ingress names it any more.
        let obsolete: [JSONValue] = auth.obsolete.map { name in
            [["apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(name), "namespace": .string(rec.namespace)]]]
        } ?? []
        for old in previous.filter({ !keep.contains(DeployObject.label($0)) }) + obsolete {
            let label = DeployObject.label(old)
            do {
                if try deleteObject(old, namespace: rec.namespace) { pruned.append(label) }
            } catch {
                rec.setState(.failed, at: now())
                try? writeRecord(&rec, creating: false)
                throw DeployError.applyFailed(
                    object: "pruning \(label)", message: mask.text(String(describing: error)), applied: applied.labels + pruned.map { "pruned \($0)" },
                    undone: [])
            }
            try reached(.pruned(label))
        }
        try finish(&rec, applied: applied)
        var result = DeployResult(
            name: rec.name, namespace: rec.namespace, revision: rec.revision, dryRun: false, applied: applied.labels, pruned: pruned,
            objects: applied.objects, placement: rec.placement, secretMask: mask)
        result.credentials = auth.credentials
        return result
    }
}
