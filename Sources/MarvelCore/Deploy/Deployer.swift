import Foundation

/// Deploys templates as instances and manages them through their record:
/// server-side apply, upgrade with pruning, rollback, delete, status and logs.
/// Every change writes the record first in a `pending-…` state, then the
/// objects, then the final state, so an interrupted action stays visible.
public struct Deployer: Sendable {
    public let client: KubeClient
    let resources: ResourceMap
    /// Stops actions part-way as a killed process would (tests); nil never stops.
    public let interruption: DeployInterruption?
    /// The clock of record timestamps and "pending since" messages.
    let now: @Sendable () -> Date
    /// Where the placer learns the platforms of the images (nil: not checked).
    public var imagePlatforms: (any ImagePlatformSource)?
    /// Registry logins that become image pull Secrets (nil: every image is pulled anonymously).
    public var pullCredentials: (any PullCredentialSource)?
    /// Mirrors third-party images are pulled through (none: from their origin).
    public var mirrors: ImageMirrors = .none
    /// The user and password of the basic auth on Ingresses, and whether to rotate it.
    public var basicAuth = BasicAuthRequest()
    /// Sizes and class of the PRIVATE and SHARED claims marvdash makes.
    public var volumes = VolumeSettings()

    public init(client: KubeClient, interruption: DeployInterruption? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.resources = ResourceMap(client: client)
        self.interruption = interruption
        self.now = now
    }

    // MARK: deploy

    /// Renders `template` with `values` and applies every object as instance `name`: the
    /// record first (pending-install), then the objects, then the record's final state
    /// (deployed). `dryRun` asks the server (dryRun=All) and stores nothing.
    /// `placement` decides where the workloads run first (see `PlacementMode`); when a
    /// workload cannot run anywhere it throws `PlacementRefusal` and applies nothing.
    /// A failure part-way removes what this deploy created (and the record when nothing is left).
    public func deploy(
        template: Template, name: String, values: [String: String], namespace: String, automatic: AutomaticValues, dryRun: Bool,
        placement: PlacementRequest = .none
    ) throws -> DeployResult {
        try refuseTakenName(name, namespace: namespace)
        if template.singleton, let other = try records(namespace: namespace).first(where: { $0.templateID == template.id }) {
            throw DeployError.singleton(template: template.id, existing: other.name, namespace: namespace)
        }
        var merged = values
        merged["NAME"] = name
        let resolved = try template.resolvedValues(merged, automatic: automatic)
        let rendered = try furnished(
            mirrored(try prepare(try template.render(values: merged, automatic: automatic), name: name, template: template.id, namespace: namespace)),
            template: template, instance: name, resolved: resolved, namespace: namespace)
        let rules = try template.placement(resolved: resolved)
        let (placed, decision) = try place(rendered, rules: rules, instance: name, request: placement)
        let pulls = try pullPlan(placed, namespace: namespace)
        let manifests = pulls.manifests
        let auth = try basicAuthPlan(manifests, instance: name, template: template.id, namespace: namespace)
        let mask = SecretMask(
            values: resolved.filter { template.secretVariableNames.contains($0.key) }.map(\.value) + pulls.passwords
                + (auth.credentials.map { [$0.password] } ?? []))
        let plan = try applyPlan(manifests, instance: name, namespace: namespace)
        let warnings = template.placeholderWarnings(values: resolved)
        if dryRun {
            let applied: Applied
            do {
                let logins = try ensurePullSecrets(pulls, namespace: namespace, dryRun: true, mask: mask)
                let extras = try ensureSupport(manifests, auth: auth, instance: name, template: template.id, namespace: namespace, dryRun: true, mask: mask)
                applied = try apply(plan, namespace: namespace, dryRun: true, mask: mask)
                return DeployResult(
                    name: name, namespace: namespace, revision: 1, dryRun: true, applied: logins.labels + extras.labels + applied.labels, pruned: [],
                    objects: applied.objects, placement: decision, warnings: warnings, secretMask: mask)
            } catch let failure as ApplyFailure {
                throw DeployError.applyFailed(object: failure.object, message: failure.message, applied: [], undone: [])
            }
        }
        var rec = InstanceRecord(name: name, namespace: namespace, templateID: template.id)
        rec.templateSource = FileManager.default.contents(atPath: template.file).flatMap { String(data: $0, encoding: .utf8) }
        rec.secretNames = template.secretVariableNames
        rec.createdAt = now()
        rec.append(
            values: resolved.filter { !AutomaticValues.variableNames.contains($0.key) }, manifests: manifests, placement: decision,
            state: .pendingInstall, at: now())
        try writeRecord(&rec, creating: true)
        try reached(.recordWritten(.pendingInstall))
        var applied = Applied()
        do {
            applied = try ensurePullSecrets(pulls, namespace: namespace, dryRun: false, mask: mask)
            let extras = try ensureSupport(manifests, auth: auth, instance: name, template: template.id, namespace: namespace, dryRun: false, mask: mask)
            applied.labels += extras.labels
            applied.created += extras.created
            let objects = try apply(plan, namespace: namespace, dryRun: false, mask: mask)
            applied.labels += objects.labels
            applied.created += objects.created
            applied.objects = objects.objects
        } catch let failure as ApplyFailure {
            let done = Applied(labels: applied.labels + failure.done.labels, created: applied.created + failure.done.created)
            let undone = undo(done.created, namespace: namespace)
            if undone.count == done.created.count {
                _ = try? deleteRecord(name: name, namespace: namespace)
            } else {
                rec.setState(.failed, at: now())
                try? writeRecord(&rec, creating: false)
            }
            throw DeployError.applyFailed(object: failure.object, message: failure.message, applied: done.labels, undone: undone)
        }
        try finish(&rec, applied: applied)
        var result = DeployResult(
            name: name, namespace: namespace, revision: rec.revision, dryRun: false, applied: applied.labels, pruned: [], objects: applied.objects,
            placement: decision, warnings: warnings, secretMask: mask)
        result.credentials = auth.credentials
        return result
    }

    /// Refuses a name that has a record (saying what to run when its action is unfinished)
    /// or whose record object name is taken by something else.
    func refuseTakenName(_ name: String, namespace: String) throws {
        if let existing = try record(name: name, namespace: namespace) {
            if existing.state == .deployed {
                throw DeployError.nameTaken(name: name, namespace: namespace, template: existing.templateID)
            }
            throw unfinished(existing)
        }
        let objectName = InstanceRecord.objectName(name)
        for (kind, resource) in [("Secret", "secrets"), ("ConfigMap", "configmaps")]
        where (try? client.get("/api/v1/namespaces/\(namespace)/\(resource)/\(objectName)")) != nil {
            throw DeployError.objectTaken(object: "\(kind)/\(objectName)", name: name, namespace: namespace, owner: nil)
        }
    }

    /// The one-line refusal for an instance whose latest action is unfinished or failed.
    func unfinished(_ rec: InstanceRecord) -> DeployError {
        .unfinished(
            name: rec.name, namespace: rec.namespace, state: rec.state, revision: rec.revision,
            age: rec.stateSince.map { now().timeIntervalSince($0) }, hasDeployed: rec.deployedRevision != nil)
    }

    /// Writes the record's final state after a successful apply (deployed); a failure says
    /// the objects are in place and how to finish.
    func finish(_ rec: inout InstanceRecord, applied: Applied) throws {
        let pending = rec.state
        rec.setState(.deployed, at: now())
        do {
            try writeRecord(&rec, creating: false)
        } catch let error as DeployError {
            throw DeployError.finalState(name: rec.name, namespace: rec.namespace, state: pending, message: Self.reason(error))
        }
        try reached(.recordWritten(.deployed))
    }

    /// The API's part of a record-write failure.
    static func reason(_ error: DeployError) -> String {
        if case .recordWrite(_, _, let message) = error { return message }
        return error.description
    }
}
