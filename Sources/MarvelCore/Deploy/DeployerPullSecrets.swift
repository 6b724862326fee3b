/// The image side of deploy, upgrade and rollback: images rewritten to their
/// registry's mirror, and the pull Secrets for registries that need a login.
extension Deployer {
    /// `manifests` with their images pulled through the configured mirrors.
    public func mirrored(_ manifests: [JSONValue]) -> [JSONValue] {
        mirrors.rewriting(manifests)
    }

    /// The pull Secrets `manifests` need in `namespace` and the manifests referencing them.
    func pullPlan(_ manifests: [JSONValue], namespace: String) throws -> PullSecretPlan {
        do {
            return try PullSecretPlan(manifests: manifests, namespace: namespace, source: pullCredentials)
        } catch {
            throw DeployError.pullCredentials(error.description)
        }
    }

    /// Creates or updates each pull Secret (server-side apply). A Secret of that name that
    /// marvdash did not make is left alone and the action refused. Throws `ApplyFailure`
    /// (the API's message masked) with what was done so far.
    func ensurePullSecrets(_ plan: PullSecretPlan, namespace: String, dryRun: Bool, mask: SecretMask) throws -> Applied {
        var done = Applied()
        guard !plan.secrets.isEmpty else { return done }
        let type = try resources.type(kind: "Secret", apiVersion: "v1")
        for secret in plan.secrets {
            let label = DeployObject.label(secret)
            var existed = false
            do {
                let current = try client.get(type.objectPath(name: DeployObject.name(secret), namespace: namespace))
                existed = true
                let labels = DeployObject.labels(current)
                if labels[InstanceLabels.managedBy] != "marvdash" || labels[PullSecretPlan.label] != "true" {
                    throw ApplyFailure(
                        object: label, message: "it exists and marvdash did not make it; delete or rename it so marvdash can keep the registry login there",
                        done: done)
                }
            } catch let e as KubeError {
                if e.statusCode != 404 { throw ApplyFailure(object: label, message: mask.text(e.description), done: done) }
            }
            do {
                _ = try applyObject(secret, type: type, namespace: namespace, dryRun: dryRun)
            } catch {
                throw ApplyFailure(object: label, message: mask.text(DeployObject.message(error)), done: done)
            }
            done.labels.append(label)
            if !existed { done.created.append(secret) }
        }
        return done
    }
}
