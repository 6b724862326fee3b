/// What deploy and upgrade add around a template's own objects: basic auth on its
/// Ingresses and PRIVATE/SHARED/datasets volumes in its pods, and before the
/// objects are applied, the claims and the auth Secret they name.
extension Deployer {
    /// The rendered manifests with the instance's auth annotations (unless the template says
    /// `auth: no`) and volumes mounted.
    func furnished(_ manifests: [JSONValue], template: Template, instance: String, resolved: [String: String], namespace: String) throws
        -> [JSONValue]
    {
        let protected = template.auth ? IngressBasicAuth.protecting(manifests, instance: instance) : manifests
        return try mountingVolumes(protected, template: template, instance: instance, resolved: resolved, namespace: namespace)
    }

    /// Makes the claims the manifests mount and the planned auth Secret; throws `ApplyFailure`
    /// with everything done so far.
    func ensureSupport(
        _ manifests: [JSONValue], auth: BasicAuthPlan, instance: String, template: String, namespace: String, dryRun: Bool, mask: SecretMask
    ) throws -> Applied {
        var done = try ensureClaims(manifests, instance: instance, template: template, namespace: namespace, dryRun: dryRun, mask: mask)
        do {
            let secret = try ensureBasicAuth(auth, namespace: namespace, dryRun: dryRun, mask: mask)
            done.labels += secret.labels
            done.created += secret.created
        } catch let failure as ApplyFailure {
            throw ApplyFailure(object: failure.object, message: failure.message, done: done)
        }
        return done
    }
}
