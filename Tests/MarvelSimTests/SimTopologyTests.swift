import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

@Suite struct SimTopologyTests {
    let fixture: SimFixture
    let nodes: [JSONValue]
    let pods: [JSONValue]

    init() throws {
        fixture = try SimFixture()
        nodes = fixture.store.list("nodes").items
        pods = fixture.store.list("pods").items
    }

    func nodes(layer: String) -> [JSONValue] { nodes.filter { $0.labelMap["marvdash.io/layer"] == layer } }

    @Test func cloudIsAtLeastThreePSNCVMsOneWithTwoGPUs() {
        let cloud = nodes(layer: "cloud")
        #expect(cloud.count >= 3)
        #expect(
            cloud.allSatisfy {
                $0.labelMap["marvdash.io/site"] == "PSNC" && $0.labelMap["kubernetes.io/arch"] == "amd64"
            })
        #expect(cloud.contains { $0.at("status", "capacity", "nvidia.com/gpu") == "2" })
    }

    @Test func fogServerAtEveryPilot() {
        let sites = Set(nodes(layer: "fog").compactMap { $0.labelMap["marvdash.io/site"] })
        #expect(sites == ["GRN", "MT", "UNS"])
        #expect(nodes(layer: "fog").contains { $0.at("status", "capacity", "nvidia.com/gpu") != nil })
    }

    @Test func edgeHasGRNWorkstationAndArmPisAtMT() throws {
        let edge = nodes(layer: "edge")
        #expect(edge.count >= 4)
        let pis = edge.filter {
            $0.labelMap["marvdash.io/site"] == "MT" && $0.labelMap["kubernetes.io/arch"] == "arm64"
        }
        #expect(pis.count >= 2)
        #expect(pis.allSatisfy { $0.at("status", "capacity", "cpu") == "4" })
        let grn = try #require(edge.first { $0.labelMap["marvdash.io/site"] == "GRN" })
        #expect(grn.at("status", "capacity", "nvidia.com/gpu") != nil)
    }

    @Test func grnEdgeIsTaintedAndLabelledTheSeedsWay() throws {
        let grnedge = try #require(nodes.first { $0.labelMap["Layer"] == "GRNEDGE1" })
        let taints = grnedge.at("spec", "taints")?.arrayValue ?? []
        #expect(taints.contains(["key": "Layer", "value": "GRNEDGE1", "effect": "NoSchedule"]))
        // Every pod there tolerates that taint.
        let onIt = pods.filter { $0.at("spec", "nodeName")?.stringValue == grnedge.name }
        #expect(!onIt.isEmpty)
        for pod in onIt {
            let tolerations = pod.at("spec", "tolerations")?.arrayValue ?? []
            #expect(tolerations.contains { $0["operator"] == "Exists" && $0["key"] == nil }, "\(pod.name)")
        }
    }

    @Test func controlPlaneIsACloudVMWithRoleAndTaint() throws {
        let cp = try #require(nodes.first { $0.labelMap["node-role.kubernetes.io/control-plane"] != nil })
        #expect(cp.labelMap["marvdash.io/layer"] == "cloud")
        let taints = cp.at("spec", "taints")?.arrayValue ?? []
        #expect(taints.contains(["key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"]))
        let staticPods = pods.filter { $0.labelMap["tier"] == "control-plane" }
        #expect(
            Set(staticPods.map(\.name))
                == Set(
                    ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"].map { "\($0)-\(cp.name)" }))
    }

    @Test func everyNodeHasTheStandardLabelsAndDecodes() throws {
        for node in nodes {
            let l = node.labelMap
            for key in ["marvdash.io/layer", "marvdash.io/site", "kubernetes.io/arch", "kubernetes.io/hostname"] {
                #expect(l[key] != nil, "\(node.name) lacks \(key)")
            }
            #expect(l["kubernetes.io/os"] == "linux")
            #expect(l["kubernetes.io/hostname"] == node.name)
            let typed = try Node(json: node)
            #expect(typed.kubeletVersion.hasPrefix("v1.30."))
            #expect(typed.internalIP.hasPrefix("10."))
            #expect(typed.capacity["pods"] == Quantity(value: 110))
            for r in ["cpu", "memory"] {
                let cap = try #require(typed.capacity[r])
                let alloc = try #require(typed.allocatable[r])
                #expect(alloc < cap, "\(node.name) \(r): allocatable \(alloc) should be below capacity \(cap)")
            }
        }
        let edgeLabelled = nodes(layer: "edge").filter { ($0.labelMap["Layer"] ?? "").contains("EDGE") }
        #expect(edgeLabelled.count == nodes(layer: "edge").count)
    }

    @Test func exactlyOnePiIsNotReady() throws {
        let notReady = try nodes.filter { try !Node(json: $0).isReady }
        #expect(notReady.count == 1)
        let pi = try #require(notReady.first)
        #expect(pi.labelMap["kubernetes.io/arch"] == "arm64")
        let ready = (pi.at("status", "conditions")?.arrayValue ?? []).first { $0["type"] == "Ready" }
        #expect(ready?["status"] == "False")
        #expect(ready?["reason"] == "NodeStatusUnknown")
        #expect(try Node(json: pi).statusText == "NotReady")
    }

    @Test func everyNodeHasNonZeroRequestedCPUAndMemory() throws {
        for node in nodes {
            let onNode = try pods.filter { $0.at("spec", "nodeName")?.stringValue == node.name }.map {
                try Pod(json: $0)
            }
            var cpu = Quantity.zero
            var memory = Quantity.zero
            for pod in onNode {
                for c in pod.containers {
                    cpu = Quantity(nanos: cpu.nanos + (c.requests["cpu"]?.nanos ?? 0))
                    memory = Quantity(nanos: memory.nanos + (c.requests["memory"]?.nanos ?? 0))
                }
            }
            #expect(cpu > .zero && memory > .zero, "\(node.name) has no requests")
            #expect(
                onNode.contains { $0.name.hasPrefix("kube-proxy-") }
                    && onNode.contains { $0.name.hasPrefix("calico-node-") })
        }
    }

    @Test func systemPodsLookReal() throws {
        let dns = pods.filter { $0.labelMap["k8s-app"] == "kube-dns" }
        #expect(dns.count == 2)
        let cloudNames = Set(nodes(layer: "cloud").map(\.name))
        #expect(dns.allSatisfy { cloudNames.contains($0.at("spec", "nodeName")?.stringValue ?? "") })
        #expect(pods.contains { $0.name.hasPrefix("metrics-server-") })
        for pod in pods {
            #expect(pod.at("status", "phase") == "Running")
            #expect(pod.at("metadata", "ownerReferences")?[0]?["kind"] != nil)
            let status = try #require(pod.at("status", "containerStatuses")?[0])
            #expect(status["containerID"]?.stringValue?.hasPrefix("containerd://") == true)
            #expect(status.at("state", "running", "startedAt") != nil)
        }
        // DaemonSet pods carry the 5-character suffix.
        let proxy = try #require(pods.first { $0.labelMap["k8s-app"] == "kube-proxy" })
        let suffix = proxy.name.dropFirst("kube-proxy-".count)
        #expect(suffix.count == 5 && suffix.allSatisfy { NameSuffix.alphabet.contains($0) })
        #expect(fixture.store.count("namespaces") == 5)
    }

    @Test func tolerationRules() {
        let taint = NodeTaint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")
        #expect(PodToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule").tolerates(taint))
        #expect(PodToleration(key: "Layer", value: "GRNEDGE1").tolerates(taint))
        #expect(!PodToleration(key: "Layer", value: "MTEDGE1").tolerates(taint))
        #expect(PodToleration(key: "Layer", exists: true).tolerates(taint))
        #expect(!PodToleration(key: "Layer", exists: true, effect: "NoExecute").tolerates(taint))
        #expect(PodToleration.everything.tolerates(taint))
        #expect(!PodToleration(value: "GRNEDGE1").tolerates(taint))
    }

    @Test func seedingTwiceIntoOneStoreIsRefused() throws {
        #expect(throws: StoreError.self) { try Topology.marvel.seed(into: fixture.store, now: SimFixture.now) }
    }
}

@Suite struct SimCustomTopologyTests {
    /// A flat topology of `count` fog nodes running the MARVEL system workloads.
    func topology(nodes count: Int) -> Topology {
        let nodes = (0..<count).map { i in
            NodeDescription(
                name: "fog-\(i)", layer: .fog, site: "S\(i % 7)", cpu: 8, memoryGiB: 16,
                internalIP: "10.20.\(i / 250).\(i % 250 + 1)")
        }
        var dns = MarvelSystemWorkloads.coreDNS
        dns.placement = .layer(.fog)
        return Topology(
            namespaces: ["default", "kube-system"], nodes: nodes,
            workloads: [MarvelSystemWorkloads.kubeProxy, MarvelSystemWorkloads.calicoNode, dns])
    }

    @Test func largeTopologyGetsDistinctValidPodNetworks() throws {
        let store = ClusterStore()
        try topology(nodes: 300).seed(into: store)
        #expect(store.count("nodes") == 300)
        #expect(store.count("pods") == 602)
        let cidrs = store.list("nodes").items.compactMap { $0.at("spec", "podCIDR")?.stringValue }
        #expect(Set(cidrs).count == 300)
        let podIPs = store.list("pods").items.filter { $0.at("spec", "hostNetwork") == nil }
            .compactMap { $0.at("status", "podIP")?.stringValue }
        #expect(podIPs.count == 2)
        for ip in cidrs.map({ String($0.dropLast(3)) }) + podIPs {
            let octets = ip.split(separator: ".").compactMap { Int($0) }
            #expect(octets.count == 4 && octets.allSatisfy { (0...255).contains($0) }, "\(ip)")
        }
    }

    @Test func duplicateNodeNamesAreRefusedNotCrashing() {
        var t = topology(nodes: 2)
        t.nodes[1].name = t.nodes[0].name
        #expect(throws: StoreError.self) { try t.seed(into: ClusterStore()) }
    }

    @Test func deploymentWithNoEligibleNodeIsSkipped() throws {
        var t = topology(nodes: 2)
        t.workloads = [MarvelSystemWorkloads.metricsServer]  // wants the cloud layer; there is none
        let store = ClusterStore()
        try t.seed(into: store)
        #expect(store.count("pods") == 0)
    }
}
