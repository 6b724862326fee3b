extension Deployer {
    /// Where the claims `manifests` mount are bound (their volumes' node
    /// affinity), read only when some pod mounts a claim or a StatefulSet has
    /// `volumeClaimTemplates` (its ordinals' claims). With `cluster` (the
    /// console's watched snapshot, which caches PersistentVolumeClaims) the
    /// claims come from it and only the volumes they are bound to are read, one
    /// by one; without it (or when it sees only another namespace) the
    /// namespace's claims and every volume are listed. A
    /// server without the storage API means no bindings.
    public func claimBindings(for manifests: [JSONValue], namespace: String, cluster: ClusterSnapshot? = nil) throws -> ClaimBindings {
        // The claims pods mount, and those a StatefulSet's volumeClaimTemplates made for its ordinals.
        let mounted = Set(manifests.flatMap { manifest in
            ComponentRequirement.podSpec(of: manifest).map {
                ClaimBindings.claimNames(inPodSpec: $0.0) + ClaimBindings.ordinalClaimNames(ofStatefulSet: manifest, replicas: $0.1)
            } ?? []
        })
        guard !mounted.isEmpty else { return ClaimBindings() }
        do {
            guard let cluster, cluster.namespaceOnly == nil || cluster.namespaceOnly == namespace else {
                let claims = try client.list("/api/v1/namespaces/\(namespace)/persistentvolumeclaims").items
                let volumes = try client.list("/api/v1/persistentvolumes").items
                return ClaimBindings(claims: claims, volumes: volumes)
            }
            let claims = cluster.claims.filter { claim in
                claim.at("metadata", "namespace")?.stringValue == namespace
                    && claim.at("metadata", "name")?.stringValue.map(mounted.contains) == true
            }
            var volumes: [JSONValue] = []
            for name in Set(claims.compactMap { $0.at("spec", "volumeName")?.stringValue }.filter { !$0.isEmpty }).sorted() {
                do {
                    volumes.append(try client.get("/api/v1/persistentvolumes/\(KubeClient.encode(name))"))
                } catch where error.statusCode == 404 {
                    continue  // bound to a volume that is gone: no affinity to honour
                }
            }
            return ClaimBindings(claims: claims, volumes: volumes)
        } catch {
            if error.statusCode == 404 { return ClaimBindings() }
            throw DeployError.api(action: "reading the claims and volumes of namespace \(namespace) for placement", error)
        }
    }
}
