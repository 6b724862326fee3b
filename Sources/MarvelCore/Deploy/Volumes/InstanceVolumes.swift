/// PRIVATE, SHARED and datasets as real volumes, as Karvdash mounts them into
/// every pod: a template that declares PRIVATE or PRIVATE_DIR gets a claim of
/// its own (`<instance>-private`, labelled with the instance), one that declares
/// SHARED or SHARED_DIR mounts the namespace's `marvdash-shared` claim (made on
/// first use, never deleted by marvdash), and a template with `datasets: yes`
/// mounts the namespace's `marvdash-datasets` claim read-only at
/// /mnt/datasets when it exists (marvdash never makes or deletes that one).
/// Each is mounted at its path in every container and init container of every
/// pod template; a container that already mounts something there is left alone.
public enum InstanceVolumes {
    /// The label on claims marvdash makes: `private` or `shared`.
    public static let label = "marvdash.io/volume"
    public static let sharedClaim = "marvdash-shared"
    public static let datasetsClaim = "marvdash-datasets"
    public static let datasetsPath = "/mnt/datasets"

    /// One volume mounted into an instance's pods.
    public struct Mount: Sendable, Hashable {
        /// The pod volume's name (`marvdash-private`, `marvdash-shared`, `marvdash-datasets`).
        public var volume: String
        public var claim: String
        public var path: String
        public var readOnly: Bool

        public init(volume: String, claim: String, path: String, readOnly: Bool) {
            self.volume = volume
            self.claim = claim
            self.path = path
            self.readOnly = readOnly
        }
    }

    public static func privateClaim(instance: String) -> String { "\(instance)-private" }

    /// The mounts of an instance of `template` with its resolved values; datasets only when `datasetsExist`.
    public static func mounts(template: Template, instance: String, resolved: [String: String], datasetsExist: Bool) -> [Mount] {
        let declared = Set(template.variables.map(\.name))
        var out: [Mount] = []
        if let variable = ["PRIVATE_DIR", "PRIVATE"].first(where: declared.contains), let path = resolved[variable], path.hasPrefix("/") {
            out.append(Mount(volume: "marvdash-private", claim: privateClaim(instance: instance), path: path, readOnly: false))
        }
        if let variable = ["SHARED_DIR", "SHARED"].first(where: declared.contains), let path = resolved[variable], path.hasPrefix("/") {
            out.append(Mount(volume: "marvdash-shared", claim: sharedClaim, path: path, readOnly: false))
        }
        if template.datasets && datasetsExist {
            out.append(Mount(volume: "marvdash-datasets", claim: datasetsClaim, path: datasetsPath, readOnly: true))
        }
        return out
    }

    /// `manifests` with `mounts` in every pod template (volume and a volumeMount per container).
    public static func mounting(_ manifests: [JSONValue], _ mounts: [Mount]) -> [JSONValue] {
        guard !mounts.isEmpty else { return manifests }
        return manifests.map { manifest in
            PodSpecEditing.editingPodSpec(manifest) { spec in
                var used = Set<String>()
                for key in ["initContainers", "containers"] {
                    guard var containers = spec[key]?.arrayValue else { continue }
                    for i in containers.indices {
                        var list = containers[i]["volumeMounts"]?.arrayValue ?? []
                        for mount in mounts where !list.contains(where: { $0["mountPath"]?.stringValue == mount.path }) {
                            var entry: JSONObject = ["name": .string(mount.volume), "mountPath": .string(mount.path)]
                            if mount.readOnly { entry["readOnly"] = true }
                            list.append(.object(entry))
                            used.insert(mount.volume)
                        }
                        containers[i]["volumeMounts"] = .array(list)
                    }
                    spec[key] = .array(containers)
                }
                // Only volumes some container mounts: a claim nobody mounts would wait for a consumer forever.
                var volumes = spec["volumes"]?.arrayValue ?? []
                for mount in mounts where used.contains(mount.volume) && !volumes.contains(where: { $0["name"]?.stringValue == mount.volume }) {
                    volumes.append(["name": .string(mount.volume), "persistentVolumeClaim": ["claimName": .string(mount.claim), "readOnly": .bool(mount.readOnly)]])
                }
                if !volumes.isEmpty { spec["volumes"] = .array(volumes) }
            }
        }
    }

    /// The claim marvdash makes for `claim` (`private` ones labelled with the instance).
    static func claimObject(_ claim: String, instance: String, template: String, namespace: String, settings: VolumeSettings) -> JSONValue {
        let isShared = claim == sharedClaim
        var labels: JSONObject = [InstanceLabels.managedBy: "marvdash", label: .string(isShared ? "shared" : "private")]
        if !isShared {
            for (key, value) in InstanceLabels.labels(name: instance, template: template) { labels[key] = .string(value) }
        }
        var spec: JSONObject = [
            "accessModes": ["ReadWriteOnce"],
            "resources": ["requests": ["storage": .string(isShared ? settings.sharedSize : settings.privateSize)]],
        ]
        if let storageClass = settings.storageClass { spec["storageClassName"] = .string(storageClass) }
        return [
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": ["name": .string(claim), "namespace": .string(namespace), "labels": .object(labels)],
            "spec": .object(spec),
        ]
    }

    /// The claims an instance's manifests mount, with where: pod volumes naming a claim
    /// ("claim → path, path") and StatefulSet claim templates ("<template>-<set>-N").
    public static func claimSummary(_ manifests: [JSONValue]) -> [String] {
        var out: [String] = []
        for manifest in manifests {
            guard let path = PodSpecEditing.podSpecPath(manifest), let spec = manifest.at(path) else { continue }
            var claimPaths: [(String, String)] = []
            let containers = (spec["initContainers"]?.arrayValue ?? []) + (spec["containers"]?.arrayValue ?? [])
            for volume in spec["volumes"]?.arrayValue ?? [] {
                guard let claim = volume.at("persistentVolumeClaim", "claimName")?.stringValue, let name = volume["name"]?.stringValue else { continue }
                let paths = Set(containers.flatMap { c in
                    (c["volumeMounts"]?.arrayValue ?? []).filter { $0["name"]?.stringValue == name }.compactMap { $0["mountPath"]?.stringValue }
                })
                claimPaths.append((claim, paths.sorted().joined(separator: ", ")))
            }
            for (claim, paths) in claimPaths {
                let line = paths.isEmpty ? claim : "\(claim) → \(paths)"
                if !out.contains(line) { out.append(line) }
            }
            if DeployObject.kind(manifest) == "StatefulSet" {
                for t in manifest.at("spec", "volumeClaimTemplates")?.arrayValue ?? [] {
                    let name = t.at("metadata", "name")?.stringValue ?? "?"
                    let size = t.at("spec", "resources", "requests", "storage")?.stringValue.map { " (\($0) each)" } ?? ""
                    let line = "\(name)-\(DeployObject.name(manifest))-N\(size)"
                    if !out.contains(line) { out.append(line) }
                }
            }
        }
        return out
    }

    /// The names of the claims a StatefulSet's pods get from its claim templates in `claims`.
    static func statefulSetClaims(_ manifests: [JSONValue], among claims: [String]) -> [String] {
        var prefixes: [String] = []
        for manifest in manifests where DeployObject.kind(manifest) == "StatefulSet" {
            for t in manifest.at("spec", "volumeClaimTemplates")?.arrayValue ?? [] {
                if let name = t.at("metadata", "name")?.stringValue { prefixes.append("\(name)-\(DeployObject.name(manifest))-") }
            }
        }
        return claims.filter { claim in
            prefixes.contains { prefix in
                claim.hasPrefix(prefix) && !claim.dropFirst(prefix.count).isEmpty && claim.dropFirst(prefix.count).allSatisfy(\.isNumber)
            }
        }
    }
}
