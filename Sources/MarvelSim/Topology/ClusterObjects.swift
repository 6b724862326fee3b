import Foundation
import MarvelCore

/// The objects a kubeadm cluster holds besides nodes and pods: a `default`
/// ServiceAccount per namespace and the system workloads' own, the
/// `kubernetes` Service and its Endpoints, the system workloads' Services
/// with their endpoints, the default local StorageClass, and the RBAC roles
/// kubeadm and the API server bootstrap.
struct ClusterObjects {
    var topology: Topology
    var created: Date

    /// The default StorageClass: local volumes provisioned on the node of the
    /// first pod that uses a claim.
    static let storageClassName = "local-path"
    static let provisioner = "marvdash.io/local-path"
    static let kubernetesServiceIP = "10.96.0.1"

    private var stamp: JSONValue { .string(Timestamp.format(created)) }

    func seed(into store: ClusterStore) throws(StoreError) {
        for ns in topology.namespaces {
            try store.create(ResourceType.serviceAccounts.name, serviceAccount(ServiceAccounts.defaultName, ns))
        }
        var accounts = Set<String>()
        for w in topology.workloads where !w.serviceAccountName.isEmpty && topology.namespaces.contains(w.namespace) {
            guard accounts.insert("\(w.namespace)/\(w.serviceAccountName)").inserted,
                w.serviceAccountName != ServiceAccounts.defaultName
            else { continue }
            try store.create(ResourceType.serviceAccounts.name, serviceAccount(w.serviceAccountName, w.namespace))
        }
        if topology.namespaces.contains("default") { try seedKubernetesService(into: store) }
        for w in topology.workloads {
            guard let s = w.service, topology.namespaces.contains(w.namespace) else { continue }
            try store.create(ResourceType.services.name, service(s, of: w))
        }
        EndpointsSync(store: store).sync(
            services: store.list(ResourceType.services.name).items, pods: store.list(ResourceType.pods.name).items)
        try store.create(ResourceType.storageClasses.name, storageClass)
        for role in clusterRoles { try store.create(ResourceType.clusterRoles.name, role) }
        for binding in clusterRoleBindings { try store.create(ResourceType.clusterRoleBindings.name, binding) }
    }

    private func serviceAccount(_ name: String, _ namespace: String) -> JSONValue {
        var sa = ServiceAccounts.object(name, namespace: namespace)
        sa["metadata"]?["creationTimestamp"] = stamp
        return sa
    }

    // MARK: services

    /// `default/kubernetes`: the API server on every control-plane node, port 6443.
    private func seedKubernetesService(into store: ClusterStore) throws(StoreError) {
        let labels: JSONValue = ["component": "apiserver", "provider": "kubernetes"]
        let service: JSONValue = [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": "kubernetes", "namespace": "default", "labels": labels, "creationTimestamp": stamp],
            "spec": [
                "clusterIP": .string(Self.kubernetesServiceIP), "clusterIPs": [.string(Self.kubernetesServiceIP)],
                "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": [["name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443]],
                "sessionAffinity": "None", "type": "ClusterIP",
            ],
            "status": ["loadBalancer": [:]],
        ]
        let stored = try store.create(ResourceType.services.name, service)
        let addresses: [JSONValue] = topology.nodes.filter(\.controlPlane).map { ["ip": .string($0.internalIP)] }
        guard !addresses.isEmpty else { return }
        let port: JSONValue = ["name": "https", "port": 6443, "protocol": "TCP"]
        var endpointLabels = labels
        endpointLabels[EndpointsSync.skipMirrorLabel] = "true"
        try store.create(
            ResourceType.endpoints.name,
            [
                "apiVersion": "v1", "kind": "Endpoints",
                "metadata": ["name": "kubernetes", "namespace": "default", "labels": endpointLabels, "creationTimestamp": stamp],
                "subsets": [["addresses": .array(addresses), "ports": [port]]],
            ])
        try store.create(
            ResourceType.endpointSlices.name,
            [
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": [
                    "name": "kubernetes", "namespace": "default", "creationTimestamp": stamp,
                    "labels": [EndpointsSync.serviceNameLabel: "kubernetes", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"],
                    "ownerReferences": [WorkloadSync.ownerReference(stored, type: .services)],
                ],
                "addressType": "IPv4",
                "endpoints": .array(addresses.map { ["addresses": [$0["ip"] ?? ""], "conditions": ["ready": true]] }),
                "ports": [port],
            ])
    }

    private func service(_ s: ServiceDescription, of w: WorkloadDescription) -> JSONValue {
        var labels = w.labels
        labels.merge(s.extraLabels) { _, new in new }
        let ip = s.clusterIP.isEmpty ? ClusterIP.stable(for: "\(w.namespace)/\(s.name)") : s.clusterIP
        let ports: [JSONValue] = s.ports.map { p in
            [
                "name": .string(p.name), "port": .int(p.port), "protocol": .string(p.protocol),
                "targetPort": Int(p.targetPort).map { .int($0) } ?? .string(p.targetPort),
            ]
        }
        return [
            "apiVersion": "v1", "kind": "Service",
            "metadata": [
                "name": .string(s.name), "namespace": .string(w.namespace), "labels": .object(sortedObject(labels)),
                "creationTimestamp": stamp,
            ],
            "spec": [
                "clusterIP": .string(ip), "clusterIPs": [.string(ip)], "internalTrafficPolicy": "Cluster",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "ports": .array(ports),
                "selector": .object(sortedObject(w.labels)), "sessionAffinity": "None", "type": "ClusterIP",
            ],
            "status": ["loadBalancer": [:]],
        ]
    }

    // MARK: storage

    private var storageClass: JSONValue {
        [
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": [
                "name": .string(Self.storageClassName), "creationTimestamp": stamp,
                "annotations": ["storageclass.kubernetes.io/is-default-class": "true"],
            ],
            "provisioner": .string(Self.provisioner), "reclaimPolicy": "Delete",
            "volumeBindingMode": "WaitForFirstConsumer",
        ]
    }

    // MARK: RBAC

    private func bootstrap(_ name: String) -> JSONValue {
        [
            "name": .string(name), "creationTimestamp": stamp,
            "labels": ["kubernetes.io/bootstrapping": "rbac-defaults"],
            "annotations": ["rbac.authorization.kubernetes.io/autoupdate": "true"],
        ]
    }

    private var clusterRoles: [JSONValue] {
        let everything: JSONValue = ["apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]]
        let read: JSONValue = ["get", "list", "watch"]
        let write: JSONValue = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
        func role(_ name: String, _ rules: [JSONValue]) -> JSONValue {
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": bootstrap(name), "rules": .array(rules)]
        }
        let workloads: JSONValue = [
            "pods", "services", "endpoints", "persistentvolumeclaims", "configmaps", "serviceaccounts", "events",
            "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs", "ingresses",
            "horizontalpodautoscalers", "poddisruptionbudgets",
        ]
        return [
            role("cluster-admin", [everything, ["nonResourceURLs": ["*"], "verbs": ["*"]]]),
            role("admin", [["apiGroups": ["*"], "resources": workloads, "verbs": write], ["apiGroups": ["*"], "resources": ["secrets", "roles", "rolebindings"], "verbs": write]]),
            role("edit", [["apiGroups": ["*"], "resources": workloads, "verbs": write], ["apiGroups": [""], "resources": ["secrets"], "verbs": write]]),
            role("view", [["apiGroups": ["*"], "resources": workloads, "verbs": read]]),
        ]
    }

    private var clusterRoleBindings: [JSONValue] {
        func binding(_ name: String, group: String) -> JSONValue {
            [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": bootstrap(name),
                "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"],
                "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": .string(group)]],
            ]
        }
        return [binding("cluster-admin", group: "system:masters"), binding("kubeadm:cluster-admins", group: "kubeadm:cluster-admins")]
    }
}
