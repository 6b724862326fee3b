/// The system workloads of the MARVEL cluster: kubeadm's control plane,
/// kube-proxy, Calico, CoreDNS, metrics-server, node-exporter and the NVIDIA
/// device plugin, with the requests their upstream manifests declare.
enum MarvelSystemWorkloads {
    static let kubeVersion = "v1.30.4"
    static let calicoVersion = "v3.28.0"

    static var all: [WorkloadDescription] {
        controlPlane + [
            kubeProxy, calicoNode, nodeExporter, nvidiaDevicePlugin, coreDNS, calicoControllers, metricsServer,
        ]
    }

    private static let criticalNode = "system-node-critical"
    private static let criticalCluster = "system-cluster-critical"
    /// What cluster add-ons (CoreDNS, Calico's controllers) tolerate upstream.
    private static let clusterAddonTolerations = [
        PodToleration(key: "CriticalAddonsOnly", exists: true),
        PodToleration(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule"),
    ]

    static var controlPlane: [WorkloadDescription] {
        [
            staticPod("etcd", image: "registry.k8s.io/etcd:3.5.12-0", cpu: "100m", memory: "100Mi", port: 2381),
            staticPod(
                "kube-apiserver", image: "registry.k8s.io/kube-apiserver:\(kubeVersion)", cpu: "250m", memory: "",
                port: 6443),
            staticPod(
                "kube-controller-manager", image: "registry.k8s.io/kube-controller-manager:\(kubeVersion)", cpu: "200m",
                memory: "", port: 10257),
            staticPod(
                "kube-scheduler", image: "registry.k8s.io/kube-scheduler:\(kubeVersion)", cpu: "100m", memory: "",
                port: 10259),
        ]
    }

    private static func staticPod(_ name: String, image: String, cpu: String, memory: String, port: Int)
        -> WorkloadDescription
    {
        var requests = ["cpu": cpu]
        if !memory.isEmpty { requests["memory"] = memory }
        return WorkloadDescription(
            name: name, controller: .staticPod, placement: .controlPlane,
            labels: ["component": name, "tier": "control-plane"],
            containers: [
                ContainerDescription(
                    name: name, image: image, requests: requests,
                    ports: [.init(name: "probe-port", containerPort: port)])
            ],
            tolerations: [PodToleration(exists: true, effect: "NoExecute")], hostNetwork: true,
            priorityClassName: criticalNode)
    }

    static let kubeProxy = WorkloadDescription(
        name: "kube-proxy", controller: .daemonSet, placement: .everyNode, labels: ["k8s-app": "kube-proxy"],
        containers: [
            ContainerDescription(
                name: "kube-proxy", image: "registry.k8s.io/kube-proxy:\(kubeVersion)",
                args: [
                    "/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                    "--hostname-override=$(NODE_NAME)",
                ],
                requests: ["cpu": "100m", "memory": "64Mi"])
        ],
        tolerations: [.everything], hostNetwork: true, priorityClassName: criticalNode, serviceAccountName: "kube-proxy"
    )

    static let calicoNode = WorkloadDescription(
        name: "calico-node", controller: .daemonSet, placement: .everyNode, labels: ["k8s-app": "calico-node"],
        containers: [
            ContainerDescription(
                name: "calico-node", image: "docker.io/calico/node:\(calicoVersion)",
                requests: ["cpu": "250m", "memory": "128Mi"], ports: [.init(name: "bgp", containerPort: 179)])
        ],
        tolerations: [.everything, PodToleration(key: "CriticalAddonsOnly", exists: true)], hostNetwork: true,
        priorityClassName: criticalNode, serviceAccountName: "calico-node")

    static let nodeExporter = WorkloadDescription(
        name: "prometheus-node-exporter", controller: .daemonSet, placement: .everyNode,
        labels: ["app.kubernetes.io/name": "prometheus-node-exporter", "app.kubernetes.io/instance": "monitoring"],
        containers: [
            ContainerDescription(
                name: "node-exporter", image: "quay.io/prometheus/node-exporter:v1.8.1",
                args: ["--path.procfs=/host/proc", "--path.sysfs=/host/sys", "--web.listen-address=[$(HOST_IP)]:9100"],
                requests: ["cpu": "50m", "memory": "32Mi"], limits: ["cpu": "250m", "memory": "64Mi"],
                ports: [.init(name: "metrics", containerPort: 9100)])
        ],
        tolerations: [.everything], hostNetwork: true, serviceAccountName: "prometheus-node-exporter")

    static let nvidiaDevicePlugin = WorkloadDescription(
        name: "nvidia-device-plugin-daemonset", controller: .daemonSet,
        placement: .label("nvidia.com/gpu.present", "true"),
        labels: ["name": "nvidia-device-plugin-ds"],
        containers: [
            ContainerDescription(
                name: "nvidia-device-plugin-ctr", image: "nvcr.io/nvidia/k8s-device-plugin:v0.15.0",
                requests: ["cpu": "10m", "memory": "20Mi"])
        ],
        tolerations: [.everything], priorityClassName: criticalNode)

    static let coreDNS = WorkloadDescription(
        name: "coredns", controller: .deployment(replicas: 2), placement: .layer(.cloud),
        labels: ["k8s-app": "kube-dns"],
        containers: [
            ContainerDescription(
                name: "coredns", image: "registry.k8s.io/coredns/coredns:v1.11.1",
                args: ["-conf", "/etc/coredns/Corefile"],
                requests: ["cpu": "100m", "memory": "70Mi"], limits: ["memory": "170Mi"],
                ports: [
                    .init(name: "dns", containerPort: 53, protocol: "UDP"), .init(name: "dns-tcp", containerPort: 53),
                    .init(name: "metrics", containerPort: 9153),
                ])
        ],
        tolerations: clusterAddonTolerations,
        priorityClassName: criticalCluster, serviceAccountName: "coredns",
        service: ServiceDescription(
            name: "kube-dns", clusterIP: "10.96.0.10",
            ports: [
                .init(name: "dns", port: 53, targetPort: "53", protocol: "UDP"),
                .init(name: "dns-tcp", port: 53, targetPort: "53"),
                .init(name: "metrics", port: 9153, targetPort: "9153"),
            ],
            extraLabels: ["kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"]))

    static let calicoControllers = WorkloadDescription(
        name: "calico-kube-controllers", controller: .deployment(replicas: 1), placement: .layer(.cloud),
        labels: ["k8s-app": "calico-kube-controllers"],
        containers: [
            ContainerDescription(
                name: "calico-kube-controllers", image: "docker.io/calico/kube-controllers:\(calicoVersion)",
                requests: ["cpu": "50m", "memory": "64Mi"])
        ],
        tolerations: clusterAddonTolerations,
        priorityClassName: criticalCluster, serviceAccountName: "calico-kube-controllers")

    static let metricsServer = WorkloadDescription(
        name: "metrics-server", controller: .deployment(replicas: 1), placement: .layer(.cloud),
        labels: ["k8s-app": "metrics-server"],
        containers: [
            ContainerDescription(
                name: "metrics-server", image: "registry.k8s.io/metrics-server/metrics-server:v0.7.1",
                args: ["--cert-dir=/tmp", "--secure-port=10250", "--kubelet-preferred-address-types=InternalIP"],
                requests: ["cpu": "100m", "memory": "200Mi"], ports: [.init(name: "https", containerPort: 10250)])
        ],
        priorityClassName: criticalCluster, serviceAccountName: "metrics-server",
        service: ServiceDescription(name: "metrics-server", ports: [.init(name: "https", port: 443, targetPort: "https")]))
}
