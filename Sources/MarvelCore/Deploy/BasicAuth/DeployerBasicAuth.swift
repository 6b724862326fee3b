import Foundation

/// The basic-auth side of deploy, upgrade and rollback: the instance's auth
/// Secret made (password generated or given) when its Ingresses name it and it
/// is missing or a rotation is asked for, kept otherwise (same hash, same
/// password), and removed when no Ingress names it any more.
extension Deployer {
    /// What an action does about the auth Secret; `credentials` is set only when a new password is made.
    struct BasicAuthPlan {
        var secret: JSONValue?
        var existed = false
        var credentials: BasicAuthCredentials?
        /// The instance's Secret exists but no Ingress names it any more.
        var obsolete: String?
    }

    /// Reads the instance's auth Secret and decides (before anything changes). A Secret of
    /// that name that is not this instance's is refused.
    func basicAuthPlan(_ manifests: [JSONValue], instance: String, template: String, namespace: String) throws -> BasicAuthPlan {
        let name = IngressBasicAuth.secretName(instance: instance)
        let type = try resources.type(kind: "Secret", apiVersion: "v1")
        var current: JSONValue?
        do {
            current = try client.get(type.objectPath(name: name, namespace: namespace))
        } catch {
            if error.statusCode != 404 { throw DeployError.api(action: "reading Secret/\(name)", error) }
        }
        if let current, DeployObject.labels(current)[InstanceLabels.instance] != instance {
            throw DeployError.objectTaken(
                object: "Secret/\(name)", name: instance, namespace: namespace, owner: DeployObject.labels(current)[InstanceLabels.instance])
        }
        guard IngressBasicAuth.referencedSecret(manifests, instance: instance) != nil else {
            return BasicAuthPlan(obsolete: current == nil ? nil : name)
        }
        if current != nil && !basicAuth.rotate && basicAuth.password == nil { return BasicAuthPlan(existed: true) }
        let user = basicAuth.user ?? current?.at("metadata", "annotations", IngressBasicAuth.userAnnotation)?.stringValue ?? IngressBasicAuth.defaultUser
        if let problem = IngressBasicAuth.userProblem(user) { throw DeployError.basicAuth(problem) }
        let password = basicAuth.password ?? IngressBasicAuth.generatePassword()
        if password.isEmpty || password.contains(where: \.isNewline) {
            throw DeployError.basicAuth("the basic-auth password is empty or holds a line break; give another one")
        }
        return BasicAuthPlan(
            secret: IngressBasicAuth.secret(instance: instance, template: template, namespace: namespace, user: user, password: password),
            existed: current != nil, credentials: BasicAuthCredentials(user: user, password: password, secret: name))
    }

    /// Applies the planned Secret (when there is one); throws `ApplyFailure` with the API's message masked.
    func ensureBasicAuth(_ plan: BasicAuthPlan, namespace: String, dryRun: Bool, mask: SecretMask) throws -> Applied {
        var done = Applied()
        guard let secret = plan.secret else { return done }
        let label = DeployObject.label(secret)
        let type = try resources.type(kind: "Secret", apiVersion: "v1")
        do {
            _ = try applyObject(secret, type: type, namespace: namespace, dryRun: dryRun)
        } catch {
            throw ApplyFailure(object: label, message: mask.text(DeployObject.message(error)), done: done)
        }
        done.labels.append(label)
        if !plan.existed { done.created.append(secret) }
        return done
    }
}
