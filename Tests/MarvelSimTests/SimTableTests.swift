import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// The server-side tables kubectl prints: the columns of every served kind
/// (with the `-o wide` ones at priority 1) and the cells of the new ones.
@Suite struct SimTableTests {
    let fixture: SimFixture
    init() throws { fixture = try SimFixture() }

    func table(_ path: String) throws -> (columns: [String], wide: [String], rows: [[JSONValue]]) {
        let t = try fixture.get(path, accept: kubectlTableAccept).json
        let defs = t["columnDefinitions"]?.arrayValue ?? []
        return (
            defs.filter { $0["priority"] == 0 }.compactMap { $0["name"]?.stringValue },
            defs.filter { $0["priority"] == 1 }.compactMap { $0["name"]?.stringValue },
            (t["rows"]?.arrayValue ?? []).map { $0["cells"]?.arrayValue ?? [] }
        )
    }

    func row(_ rows: [[JSONValue]], _ name: String) -> [JSONValue]? { rows.first { $0.first?.stringValue == name } }

    @Test func wideColumnsAreThoseKubectlPrints() throws {
        let expected: [(String, [String], [String])] = [
            ("/apis/apps/v1/deployments", ["Name", "Ready", "Up-to-date", "Available", "Age"], ["Containers", "Images", "Selector"]),
            ("/apis/apps/v1/replicasets", ["Name", "Desired", "Current", "Ready", "Age"], ["Containers", "Images", "Selector"]),
            ("/apis/apps/v1/statefulsets", ["Name", "Ready", "Age"], ["Containers", "Images"]),
            (
                "/apis/apps/v1/daemonsets",
                ["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age"],
                ["Containers", "Images", "Selector"]
            ),
            ("/apis/batch/v1/jobs", ["Name", "Status", "Completions", "Duration", "Age"], ["Containers", "Images", "Selector"]),
            (
                "/apis/batch/v1/cronjobs", ["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age"],
                ["Containers", "Images", "Selector"]
            ),
            ("/api/v1/services", ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"], ["Selector"]),
            ("/apis/networking.k8s.io/v1/ingresses", ["Name", "Class", "Hosts", "Address", "Ports", "Age"], []),
            (
                "/api/v1/persistentvolumeclaims",
                ["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age"],
                ["VolumeMode"]
            ),
            (
                "/api/v1/persistentvolumes",
                [
                    "Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim", "StorageClass",
                    "VolumeAttributesClass", "Reason", "Age",
                ],
                ["VolumeMode"]
            ),
            ("/api/v1/endpoints", ["Name", "Endpoints", "Age"], []),
            ("/apis/discovery.k8s.io/v1/endpointslices", ["Name", "AddressType", "Ports", "Endpoints", "Age"], []),
            ("/api/v1/serviceaccounts", ["Name", "Secrets", "Age"], []),
            (
                "/apis/storage.k8s.io/v1/storageclasses",
                ["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"], []
            ),
            (
                "/apis/autoscaling/v2/horizontalpodautoscalers",
                ["Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"], []
            ),
            ("/apis/policy/v1/poddisruptionbudgets", ["Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age"], []),
            ("/apis/apps/v1/controllerrevisions", ["Name", "Controller", "Revision", "Age"], []),
            ("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", ["Name", "Role", "Age"], ["Users", "Groups", "ServiceAccounts"]),
            ("/apis/rbac.authorization.k8s.io/v1/clusterroles", ["Name", "Created At"], []),
            ("/apis/rbac.authorization.k8s.io/v1/roles", ["Name", "Created At"], []),
        ]
        for (path, columns, wide) in expected {
            let t = try table(path)
            #expect(t.columns == columns, "\(path)")
            #expect(t.wide == wide, "\(path)")
        }
    }

    @Test func theSeededObjectsPrintAsOnAKubeadmCluster() throws {
        let dns = try #require(row(try table("/apis/apps/v1/namespaces/kube-system/deployments").rows, "coredns"))
        #expect(dns[1] == "2/2" && dns[5] == "coredns" && dns[6] == "registry.k8s.io/coredns/coredns:v1.11.1")
        #expect(dns[7] == "k8s-app=kube-dns")
        let svc = try #require(row(try table("/api/v1/namespaces/kube-system/services").rows, "kube-dns"))
        #expect(svc[2] == "10.96.0.10" && svc[4] == "53/UDP,53/TCP,9153/TCP" && svc[6] == "k8s-app=kube-dns")
        let ep = try #require(row(try table("/api/v1/namespaces/kube-system/endpoints").rows, "kube-dns"))
        let endpoints = try #require(ep[1].stringValue)
        #expect(endpoints.hasSuffix(" + 3 more...") && endpoints.split(separator: ",").count == 3, "\(endpoints)")
        let sc = try #require(try table("/apis/storage.k8s.io/v1/storageclasses").rows.first)
        #expect(sc[0] == "local-path (default)" && sc[1] == "marvdash.io/local-path" && sc[3] == "WaitForFirstConsumer")
        let revisions = try table("/apis/apps/v1/namespaces/kube-system/controllerrevisions").rows
        #expect(revisions.contains { $0[1] == "daemonset.apps/kube-proxy" && $0[2] == 1 })
        let binding = try #require(row(try table("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings").rows, "cluster-admin"))
        #expect(binding[1] == "ClusterRole/cluster-admin" && binding[4] == "system:masters")
        let sa = try #require(row(try table("/api/v1/namespaces/default/serviceaccounts").rows, "default"))
        #expect(sa[1] == 0)
        let role = try #require(row(try table("/apis/rbac.authorization.k8s.io/v1/clusterroles").rows, "view"))
        #expect(role[1].stringValue.flatMap(Timestamp.parse) != nil)
    }

    @Test func storedKindsPrintTheirOwnCells() throws {
        let hpa = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              minReplicas: 2
              maxReplicas: 5
              metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
            """
        #expect(try fixture.apply("/apis/autoscaling/v2/namespaces/marvel/horizontalpodautoscalers/web", hpa).status == 201)
        let h = try #require(try table("/apis/autoscaling/v2/namespaces/marvel/horizontalpodautoscalers").rows.first)
        #expect(h[1] == "Deployment/web" && h[2] == "cpu: <unknown>/80%" && h[3] == "2" && h[4] == "5")
        let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}\n"
        #expect(try fixture.apply("/apis/policy/v1/namespaces/marvel/poddisruptionbudgets/web", pdb).status == 201)
        let p = try #require(try table("/apis/policy/v1/namespaces/marvel/poddisruptionbudgets").rows.first)
        #expect(p[1] == "1" && p[2] == "N/A" && p[3] == 0)
        let cj = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: nightly}
            spec:
              schedule: "@daily"
              jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: dump, image: "busybox:1.36"}]}}}}
            """
        #expect(try fixture.apply("/apis/batch/v1/namespaces/marvel/cronjobs/nightly", cj).status == 201)
        let c = try #require(try table("/apis/batch/v1/namespaces/marvel/cronjobs").rows.first)
        #expect(c[1] == "@daily" && c[2] == "<none>" && c[3] == false && c[4] == 0 && c[5] == "<none>")
        #expect(c[7] == "dump" && c[8] == "busybox:1.36" && c[9] == "<none>")
        let claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n"
        #expect(try fixture.apply("/api/v1/namespaces/marvel/persistentvolumeclaims/data", claim).status == 201)
        let pvc = try #require(try table("/api/v1/namespaces/marvel/persistentvolumeclaims").rows.first)
        #expect(pvc[1] == "Pending" && pvc[2] == "" && pvc[6] == "<unset>" && pvc[8] == "Filesystem")
    }
}
