import Foundation
import MarvelCore

/// A large made-up cluster for measuring marvdash over the wire
/// (`marvdash sim --nodes N --pods M`): the MARVEL nodes plus generated ones
/// over the same layers (a tenth cloud, a fifth fog, the rest edge) and pilot
/// sites, the MARVEL system pods, and application pods of a dozen MARVEL-like
/// components spread over the nodes until the cluster holds `pods` pods.
/// Names and placement are deterministic; every pod is Running.
public struct SyntheticTopology: Sendable {
    public var nodes: Int
    public var pods: Int

    /// The applications whose replicas fill the cluster: name, image, cpu and memory requests.
    static let applications: [(String, String, String, String)] = [
        ("kafka", "marvel/kafka:3.7.0", "500m", "1Gi"), ("zookeeper", "marvel/zookeeper:3.9.2", "250m", "512Mi"),
        ("elasticsearch", "marvel/elasticsearch:8.13.4", "1", "2Gi"), ("minio", "marvel/minio:2024.5", "250m", "512Mi"),
        ("grafana", "marvel/grafana:10.4.2", "100m", "128Mi"), ("mosquitto", "marvel/mosquitto:2.0.18", "50m", "64Mi"),
        ("sed", "marvel/sed:1.2", "200m", "256Mi"), ("avad", "marvel/avad:1.1", "300m", "384Mi"),
        ("ved", "marvel/ved:1.0", "400m", "512Mi"), ("gpuregex", "marvel/gpuregex:0.9", "100m", "128Mi"),
        ("fedl-client", "marvel/fedl:1.3", "200m", "256Mi"), ("smartviz", "marvel/smartviz:2.1", "100m", "256Mi"),
    ]

    public init(nodes: Int, pods: Int) {
        self.nodes = max(1, nodes)
        self.pods = max(0, pods)
    }

    /// The nodes and system workloads (applications are added by `seed`).
    public var topology: Topology {
        var all = Array(Topology.marvel.nodes.prefix(nodes))
        let sites = ["PSNC", "GRN", "MT", "UNS"]
        var i = 0
        while all.count < nodes {
            let layer: Layer = i % 10 == 0 ? .cloud : (i % 10 < 3 ? .fog : .edge)
            let site = layer == .cloud ? "PSNC" : sites[1 + i % 3]
            let name = "\(site.lowercased())-\(layer.rawValue)-\(String(format: "%05d", i))"
            let octets = "\(10 + i / 62_500).\((i / 250) % 250).\(i % 250 + 1)"
            switch layer {
            case .cloud:
                all.append(NodeDescription(
                    name: name, layer: .cloud, site: site, cpu: 32, memoryGiB: 128, storageGiB: 800,
                    gpus: i % 40 == 0 ? 2 : 0, gpuProduct: i % 40 == 0 ? "Tesla-V100-PCIE-32GB" : "", internalIP: "10.\(octets)"))
            case .fog:
                all.append(NodeDescription(
                    name: name, layer: .fog, site: site, cpu: 16, memoryGiB: 64, storageGiB: 1000, internalIP: "10.\(octets)"))
            default:
                let arm = i % 2 == 1
                all.append(NodeDescription(
                    name: name, layer: .edge, site: site, arch: arm ? "arm64" : "amd64", cpu: arm ? 4 : 8, memoryGiB: arm ? 8 : 16,
                    storageGiB: 64, internalIP: "10.\(octets)",
                    taints: i % 50 == 7 ? [NodeTaint(key: "Layer", value: "\(site)EDGE", effect: "NoSchedule")] : [],
                    ready: i % 97 != 5))
            }
            i += 1
        }
        let system = MarvelSystemWorkloads.controlPlane + [
            MarvelSystemWorkloads.coreDNS, MarvelSystemWorkloads.calicoControllers, MarvelSystemWorkloads.metricsServer,
        ]
        return Topology(namespaces: Topology.marvel.namespaces, nodes: all, workloads: system, clusterAgeDays: 412)
    }

    /// Seeds `store`: the topology, then application pods up to `pods` in all.
    public func seed(into store: ClusterStore) throws(StoreError) {
        let topology = self.topology
        try topology.seed(into: store, now: store.now)
        let remaining = pods - store.count(ResourceType.pods.name)
        guard remaining > 0 else { return }
        let hosts = topology.nodes.filter { $0.ready && !$0.unschedulable && !$0.controlPlane && $0.effectiveTaints.isEmpty }
        guard !hosts.isEmpty else { return }
        let now = store.now
        for n in 0..<remaining {
            let app = Self.applications[n % Self.applications.count]
            let node = hosts[(n / Self.applications.count + n) % hosts.count]
            let workload = WorkloadDescription(
                name: app.0, namespace: "marvel", controller: .deployment(replicas: 0), placement: .everyNode,
                labels: ["app.kubernetes.io/name": app.0],
                containers: [ContainerDescription(name: app.0, image: app.1, requests: ["cpu": app.2, "memory": app.3])])
            let hash = NameSuffix.stableHex("marvel/" + app.0 + "/template", length: 10)
            let placed = PlacedPod(
                workload: workload, node: node, name: "\(app.0)-\(hash)-\(String(n / Self.applications.count, radix: 36))",
                ownerKind: "ReplicaSet", ownerName: "\(app.0)-\(hash)", controllerLabels: ["pod-template-hash": hash],
                created: now.addingTimeInterval(-Double(3_600 + n % 86_400)))
            let ip = "172.\(16 + n / 65_536 % 16).\(n / 256 % 256).\(n % 256)"
            // The owning ReplicaSet is not stored (no controller re-counts 50,000 synthetic pods); its uid is stable.
            let owner = StableID.uuid("ReplicaSet/marvel/\(app.0)-\(hash)")
            try store.create(ResourceType.pods.name, PodManifest(pod: placed, ownerUID: owner, podIP: ip, now: now).build())
        }
    }
}
