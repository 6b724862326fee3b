/// The volume side of deploy, upgrade and rollback (PRIVATE, SHARED and
/// datasets mounted, their claims made before the pods) and of `delete --purge`.
extension Deployer {
    /// `manifests` with the instance's PRIVATE/SHARED/datasets volumes mounted (see `InstanceVolumes`).
    func mountingVolumes(_ manifests: [JSONValue], template: Template, instance: String, resolved: [String: String], namespace: String) throws
        -> [JSONValue]
    {
        var datasets = false
        if template.datasets {
            do {
                _ = try client.get("/api/v1/namespaces/\(namespace)/persistentvolumeclaims/\(InstanceVolumes.datasetsClaim)")
                datasets = true
            } catch {
                if error.statusCode != 404 { throw DeployError.api(action: "reading the claim \(InstanceVolumes.datasetsClaim)", error) }
            }
        }
        let mounts = InstanceVolumes.mounts(template: template, instance: instance, resolved: resolved, datasetsExist: datasets)
        return InstanceVolumes.mounting(manifests, mounts)
    }

    /// The claims marvdash makes that `manifests` mount (the instance's private one, the
    /// namespace's shared one) and do not exist yet, made now. A private claim of that name
    /// that belongs to something else is refused. Throws `ApplyFailure` with what was done.
    func ensureClaims(_ manifests: [JSONValue], instance: String, template: String, namespace: String, dryRun: Bool, mask: SecretMask) throws
        -> Applied
    {
        let mounted = Set(manifests.flatMap { m in
            PodSpecEditing.podSpecPath(m).flatMap { m.at($0) }.map(ClaimBindings.claimNames(inPodSpec:)) ?? []
        })
        let ours = [InstanceVolumes.privateClaim(instance: instance), InstanceVolumes.sharedClaim].filter(mounted.contains)
        var done = Applied()
        guard !ours.isEmpty else { return done }
        let type = try resources.type(kind: "PersistentVolumeClaim", apiVersion: "v1")
        for claim in ours {
            let label = "PersistentVolumeClaim/\(claim)"
            do {
                let current = try client.get(type.objectPath(name: claim, namespace: namespace))
                let owner = DeployObject.labels(current)[InstanceLabels.instance]
                if claim != InstanceVolumes.sharedClaim && owner != instance {
                    throw ApplyFailure(
                        object: label, message: "it exists and is not instance \(instance)'s private volume; delete or rename it", done: done)
                }
                continue
            } catch let error as KubeError {
                if error.statusCode != 404 { throw ApplyFailure(object: label, message: mask.text(error.description), done: done) }
            }
            let object = InstanceVolumes.claimObject(claim, instance: instance, template: template, namespace: namespace, settings: volumes)
            do {
                _ = try applyObject(object, type: type, namespace: namespace, dryRun: dryRun)
            } catch {
                throw ApplyFailure(object: label, message: mask.text(DeployObject.message(error)), done: done)
            }
            done.labels.append(label)
            // The shared claim is never undone: another instance may mount it by now.
            if claim != InstanceVolumes.sharedClaim { done.created.append(object) }
        }
        return done
    }

    /// The claims that hold the instance's data: its private claim (by label) and the claims
    /// its StatefulSets' claim templates made. The namespace's shared claim is never one.
    func instanceClaims(name: String, manifests: [JSONValue], namespace: String) throws -> [String] {
        let list: ObjectList
        do {
            list = try client.list("/api/v1/namespaces/\(namespace)/persistentvolumeclaims")
        } catch {
            if error.statusCode == 404 { return [] }
            throw DeployError.api(action: "listing the claims of namespace \(namespace)", error)
        }
        let labelled = list.items.filter { DeployObject.labels($0)[InstanceLabels.instance] == name }.map(DeployObject.name)
        let fromTemplates = InstanceVolumes.statefulSetClaims(manifests, among: list.items.map(DeployObject.name))
        var out: [String] = []
        for claim in labelled + fromTemplates where claim != InstanceVolumes.sharedClaim && !out.contains(claim) { out.append(claim) }
        return out.sorted()
    }
}
