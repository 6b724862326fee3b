import MarvelCore

extension Topology {
    /// The MARVEL continuum: the control plane and cloud VMs on PSNC's
    /// OpenStack, a fog server at each pilot (GRN, MT, UNS) and edge devices
    /// there — GRN's GPU workstation (tainted the seed's way), Raspberry Pi 4
    /// boards at MT (one of them NotReady) and a Jetson-class box at UNS.
    /// The fog and edge machines joined over the EdgeSec VPN (their InternalIP
    /// is their VPN address, annotated); MT's fog server has Intel SGX (the
    /// SGX device plugin's `sgx.intel.com/*` resources) for EdgeSec TEE.
    public static let marvel = Topology(
        namespaces: ["default", "kube-node-lease", "kube-public", "kube-system", "marvel"],
        nodes: marvelNodes.map { node in
            var node = node
            if node.layer != .cloud { node.vpnAddress = node.internalIP }
            return node
        },
        workloads: MarvelSystemWorkloads.all,
        clusterAgeDays: 412
    )

    private static let marvelNodes: [NodeDescription] = [
        // Cloud: VMs on PSNC's OpenStack.
        NodeDescription(
            name: "psnc-cloud1", layer: .cloud, site: "PSNC", cpu: 8, memoryGiB: 32, storageGiB: 200,
            internalIP: "10.10.0.11", controlPlane: true, joinedDaysAgo: 412),
        NodeDescription(
            name: "psnc-cloud2", layer: .cloud, site: "PSNC", cpu: 16, memoryGiB: 64, storageGiB: 400,
            internalIP: "10.10.0.12", joinedDaysAgo: 411),
        NodeDescription(
            name: "psnc-cloud3", layer: .cloud, site: "PSNC", cpu: 16, memoryGiB: 64, storageGiB: 400,
            internalIP: "10.10.0.13", joinedDaysAgo: 411),
        NodeDescription(
            name: "psnc-gpu1", layer: .cloud, site: "PSNC", cpu: 32, memoryGiB: 128, storageGiB: 800,
            gpus: 2, gpuProduct: "Tesla-V100-PCIE-32GB", internalIP: "10.10.0.21", joinedDaysAgo: 305, gpuCompute: "7.0"),
        // Fog: one server per pilot, joined over the EdgeSec VPN.
        NodeDescription(
            name: "grnfog1", layer: .fog, site: "GRN", cpu: 16, memoryGiB: 64, storageGiB: 1000,
            gpus: 1, gpuProduct: "NVIDIA-RTX-A4000", internalIP: "10.20.1.10",
            extraLabels: ["Layer": "GRNFOG1"], joinedDaysAgo: 377, gpuCompute: "8.6"),
        NodeDescription(
            name: "mtfog1", layer: .fog, site: "MT", cpu: 8, memoryGiB: 32, storageGiB: 500,
            internalIP: "10.20.2.10", osImage: "Ubuntu 20.04.6 LTS", kernelVersion: "5.4.0-186-generic",
            extraLabels: ["Layer": "MTFOG1"], joinedDaysAgo: 370,
            extendedResources: ["sgx.intel.com/enclave": "20", "sgx.intel.com/epc": "94Mi", "sgx.intel.com/provision": "20"]),
        NodeDescription(
            name: "unsfog1", layer: .fog, site: "UNS", cpu: 32, memoryGiB: 128, storageGiB: 2000,
            gpus: 2, gpuProduct: "NVIDIA-GeForce-RTX-3090", internalIP: "10.20.3.10",
            extraLabels: ["Layer": "UNSFOG1"], joinedDaysAgo: 366, gpuCompute: "8.6"),
        // Edge devices at the pilots.
        NodeDescription(
            name: "grnedge1", layer: .edge, site: "GRN", cpu: 8, memoryGiB: 32, storageGiB: 500,
            gpus: 1, gpuProduct: "NVIDIA-GeForce-RTX-3080", internalIP: "10.30.1.21",
            kernelVersion: "6.5.0-41-generic", extraLabels: ["Layer": "GRNEDGE1"],
            taints: [NodeTaint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")], joinedDaysAgo: 360, gpuCompute: "8.6"),
        NodeDescription(
            name: "mtedge1", layer: .edge, site: "MT", arch: "arm64", cpu: 4, memoryGiB: 8, storageGiB: 64,
            internalIP: "10.30.2.21", osImage: "Debian GNU/Linux 12 (bookworm)", kernelVersion: "6.6.31+rpt-rpi-v8",
            kubeletVersion: "v1.30.2", containerRuntimeVersion: "containerd://1.6.33",
            extraLabels: ["Layer": "MTEDGE1", "marvdash.io/board": "raspberrypi4"], joinedDaysAgo: 351),
        NodeDescription(
            name: "mtedge2", layer: .edge, site: "MT", arch: "arm64", cpu: 4, memoryGiB: 4, storageGiB: 32,
            internalIP: "10.30.2.22", osImage: "Debian GNU/Linux 12 (bookworm)", kernelVersion: "6.6.31+rpt-rpi-v8",
            kubeletVersion: "v1.30.2", containerRuntimeVersion: "containerd://1.6.33",
            extraLabels: ["Layer": "MTEDGE2", "marvdash.io/board": "raspberrypi4"], ready: false, joinedDaysAgo: 351),
        NodeDescription(
            name: "unsedge1", layer: .edge, site: "UNS", arch: "arm64", cpu: 6, memoryGiB: 8, storageGiB: 64,
            gpus: 1, gpuProduct: "NVIDIA-Jetson-Xavier-NX", internalIP: "10.30.3.21",
            osImage: "Ubuntu 20.04.6 LTS", kernelVersion: "5.10.120-tegra",
            extraLabels: ["Layer": "UNSEDGE1", "marvdash.io/board": "jetson-xavier-nx"], joinedDaysAgo: 340, gpuCompute: "7.2"),
    ]
}
