import Foundation

/// Every instance and its status from a `ClusterSnapshot`, without a request:
/// what the Services pane shows from the watch caches and `marvdash services`
/// prints from one-shot lists. Records (Secrets, else an older marvdash's
/// ConfigMaps), orphans (objects labelled by marvdash without a record) and
/// Karvdash Services are found as `Deployer.instances` finds them; each status
/// is `InstanceStatus.compute` over the objects, pods, nodes and events the
/// snapshot holds.
extension InstanceStatus {
    /// The kinds a snapshot holds every marvdash object of; manifests of other kinds
    /// (ServiceAccounts, CronJobs, …) cannot be checked from it and count as present.
    public static let snapshotKinds: Set<String> = [
        "ConfigMap", "Secret", "Deployment", "StatefulSet", "DaemonSet", "Job", "Service", "Ingress", "PersistentVolumeClaim",
    ]

    /// The instances of `namespace` (every namespace when nil), sorted by namespace and name, with their status.
    public static func all(in snapshot: ClusterSnapshot, namespace: String?, rules: LayerRules = LayerRules()) -> [InstanceStatus] {
        func inScope(_ o: JSONValue) -> Bool { namespace == nil || o.at("metadata", "namespace")?.stringValue == namespace }
        let configuration = snapshot.managedObjects.filter(inScope)
        let services = snapshot.services.filter(inScope)

        var records = configuration.filter(InstanceRecord.isRecordSecret).compactMap { try? InstanceRecord(secret: $0) }
        let stored = Set(records.map { "\($0.namespace)/\($0.name)" })
        records += configuration
            .filter { DeployObject.kind($0) == "ConfigMap" && DeployObject.labels($0)[InstanceLabels.record] == "true" }
            .compactMap { try? InstanceRecord(configMap: $0) }
            .filter { !stored.contains("\($0.namespace)/\($0.name)") }
        var instances = records.map(\.instance)
        let labelled = (snapshot.workloads.filter(inScope) + services + snapshot.ingresses.filter(inScope) + configuration).filter {
            let labels = DeployObject.labels($0)
            return labels[InstanceLabels.managedBy] == "marvdash" && labels[InstanceLabels.instance] != nil
        }
        instances += Deployer.orphans(
            among: labelled, recorded: Set(instances.map { "\($0.namespace)/\($0.name)" }), namespace: namespace)
        instances += Deployer.karvdashInstances(
            among: services.filter { DeployObject.labels($0)[InstanceLabels.karvdashTemplate] != nil }, existing: instances,
            namespace: namespace)
        instances.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }

        let objectsByNamespace = Dictionary(
            grouping: snapshot.workloads + snapshot.services + snapshot.ingresses + snapshot.managedObjects + snapshot.claims
        ) { $0.at("metadata", "namespace")?.stringValue ?? "" }
        let podsByNamespace = Dictionary(grouping: snapshot.pods, by: \.namespace)
        let eventsByNamespace = Dictionary(grouping: snapshot.schedulingEvents) {
            $0.at("involvedObject", "namespace")?.stringValue ?? $0.at("metadata", "namespace")?.stringValue ?? ""
        }
        return instances.map { instance in
            let ns = instance.namespace
            let pods = Self.pods(of: instance, among: podsByNamespace[ns] ?? [])
            let recorded = instance.managedBy == .marvdash && instance.state != .orphaned
            var objects = recorded ? (objectsByNamespace[ns] ?? []) : instance.manifests
            if recorded {
                // Objects of kinds the snapshot does not hold count as present.
                objects += (instance.manifests + instance.priorManifests).filter { !snapshotKinds.contains(DeployObject.kind($0)) }
            }
            return compute(
                instance: instance, objects: objects, pods: pods, nodes: snapshot.nodes, events: eventsByNamespace[ns] ?? [],
                rules: rules)
        }
    }

    /// The pods of `instance` among its namespace's: by the instance label, or a Karvdash Service's selector.
    static func pods(of instance: Instance, among pods: [Pod]) -> [Pod] {
        if instance.managedBy == .karvdash {
            let selector = instance.manifests.first?.at("spec", "selector")?.objectValue ?? JSONObject()
            let wanted = selector.map { ($0.key, $0.value.stringValue ?? "") }
            guard !wanted.isEmpty else { return [] }
            return pods.filter { pod in wanted.allSatisfy { pod.labels[$0.0] == $0.1 } }
        }
        return pods.filter { $0.labels[InstanceLabels.instance] == instance.name }
    }
}
