extension Deployer {
    /// Where the claims `manifests` mount are bound (their volumes' node
    /// affinity), read from the cluster only when some pod mounts a claim; a
    /// server without the storage API means no bindings.
    public func claimBindings(for manifests: [JSONValue], namespace: String) throws -> ClaimBindings {
        let mounts = manifests.contains { manifest in
            ComponentRequirement.podSpec(of: manifest).map { !ClaimBindings.claimNames(inPodSpec: $0.0).isEmpty } ?? false
        }
        guard mounts else { return ClaimBindings() }
        do {
            let claims = try client.list("/api/v1/namespaces/\(namespace)/persistentvolumeclaims").items
            let volumes = try client.list("/api/v1/persistentvolumes").items
            return ClaimBindings(claims: claims, volumes: volumes)
        } catch {
            if error.statusCode == 404 { return ClaimBindings() }
            throw DeployError.api(action: "reading the claims and volumes of namespace \(namespace) for placement", error)
        }
    }
}
