import MarvelCore

/// One machine of a topology: where it is, what it has, how it is labelled
/// and whether its kubelet is healthy.
public struct NodeDescription: Sendable {
    public var name: String
    public var layer: Layer
    /// Pilot site (`marvdash.io/site`), e.g. GRN, MT, UNS, PSNC.
    public var site: String
    /// `amd64` or `arm64`.
    public var arch: String
    public var cpu: Int
    public var memoryGiB: Int
    public var storageGiB: Int
    /// Number of `nvidia.com/gpu` devices.
    public var gpus: Int
    /// Value of the `nvidia.com/gpu.product` label on GPU nodes.
    public var gpuProduct: String
    public var internalIP: String
    public var osImage: String
    public var kernelVersion: String
    public var kubeletVersion: String
    public var containerRuntimeVersion: String
    /// Labels beyond the standard ones (arch, os, hostname, layer, site, GPU, roles).
    public var extraLabels: [String: String]
    public var taints: [NodeTaint]
    /// Runs the control plane: role label plus a NoSchedule taint.
    public var controlPlane: Bool
    /// false: the kubelet stopped reporting (Ready False, unreachable taints).
    public var ready: Bool
    /// Cordoned (`spec.unschedulable`).
    public var unschedulable: Bool
    /// How long before start the node joined the cluster.
    public var joinedDaysAgo: Int
    /// Compute capability of the GPUs ("8.6"): GPU feature discovery's `nvidia.com/gpu.compute.major`/`minor` labels.
    public var gpuCompute: String
    /// Extended resources a device plugin advertises (`sgx.intel.com/epc: 94Mi`), capacity = allocatable.
    public var extendedResources: [String: String]
    /// The node's address on the EdgeSec VPN (annotation `marvdash.io/vpn-address`), when it joined over it.
    public var vpnAddress: String?

    public init(
        name: String, layer: Layer, site: String, arch: String = "amd64", cpu: Int, memoryGiB: Int,
        storageGiB: Int = 100, gpus: Int = 0, gpuProduct: String = "", internalIP: String,
        osImage: String = "Ubuntu 22.04.4 LTS", kernelVersion: String = "5.15.0-113-generic",
        kubeletVersion: String = "v1.30.4", containerRuntimeVersion: String = "containerd://1.7.20",
        extraLabels: [String: String] = [:], taints: [NodeTaint] = [], controlPlane: Bool = false,
        ready: Bool = true, unschedulable: Bool = false, joinedDaysAgo: Int = 60, gpuCompute: String = "",
        extendedResources: [String: String] = [:], vpnAddress: String? = nil
    ) {
        self.name = name
        self.layer = layer
        self.site = site
        self.arch = arch
        self.cpu = cpu
        self.memoryGiB = memoryGiB
        self.storageGiB = storageGiB
        self.gpus = gpus
        self.gpuProduct = gpuProduct
        self.internalIP = internalIP
        self.osImage = osImage
        self.kernelVersion = kernelVersion
        self.kubeletVersion = kubeletVersion
        self.containerRuntimeVersion = containerRuntimeVersion
        self.extraLabels = extraLabels
        self.taints = taints
        self.controlPlane = controlPlane
        self.ready = ready
        self.unschedulable = unschedulable
        self.joinedDaysAgo = joinedDaysAgo
        self.gpuCompute = gpuCompute
        self.extendedResources = extendedResources
        self.vpnAddress = vpnAddress
    }

    /// Taints the node carries, including the control-plane, unreachable and
    /// unschedulable taints implied by its flags.
    public var effectiveTaints: [NodeTaint] {
        var out = taints
        if controlPlane { out.append(NodeTaint(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule")) }
        if !ready {
            out.append(NodeTaint(key: "node.kubernetes.io/unreachable", effect: "NoSchedule"))
            out.append(NodeTaint(key: "node.kubernetes.io/unreachable", effect: "NoExecute"))
        }
        if unschedulable { out.append(NodeTaint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule")) }
        return out
    }

    /// All labels of the node object.
    public var labels: [String: String] {
        var l: [String: String] = [
            "beta.kubernetes.io/arch": arch, "beta.kubernetes.io/os": "linux",
            "kubernetes.io/arch": arch, "kubernetes.io/os": "linux", "kubernetes.io/hostname": name,
            "marvdash.io/layer": layer.rawValue, "marvdash.io/site": site,
        ]
        if gpus > 0 {
            l["nvidia.com/gpu.present"] = "true"
            if !gpuProduct.isEmpty { l["nvidia.com/gpu.product"] = gpuProduct }
            l["nvidia.com/gpu.count"] = String(gpus)
            let compute = gpuCompute.split(separator: ".")
            if compute.count == 2 {
                l["nvidia.com/gpu.compute.major"] = String(compute[0])
                l["nvidia.com/gpu.compute.minor"] = String(compute[1])
            }
        }
        if extendedResources.keys.contains(where: { $0.hasPrefix("sgx.intel.com/") }) {
            l["intel.feature.node.kubernetes.io/sgx"] = "true"
        }
        if controlPlane {
            l["node-role.kubernetes.io/control-plane"] = ""
            l["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        }
        l.merge(extraLabels) { _, new in new }
        return l
    }
}
