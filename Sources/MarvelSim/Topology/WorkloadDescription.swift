import MarvelCore

/// A system workload of a topology: which controller owns its pods, where
/// they run and what their containers ask for.
public struct WorkloadDescription: Sendable {
    /// The owning controller.
    public enum Controller: Sendable, Hashable {
        /// One pod per eligible node.
        case daemonSet
        /// `replicas` pods spread round-robin over the eligible nodes.
        case deployment(replicas: Int)
        /// A kubelet static pod (`name-nodeName`) on each eligible node.
        case staticPod
    }

    /// Which nodes are eligible (taints are checked against the tolerations too).
    public enum Placement: Sendable, Hashable {
        case everyNode
        case layer(Layer)
        case controlPlane
        /// Nodes carrying the label `key=value` (a nodeSelector).
        case label(String, String)
    }

    public var name: String
    public var namespace: String
    public var controller: Controller
    public var placement: Placement
    /// Pod labels (also the controller's selector).
    public var labels: [String: String]
    public var containers: [ContainerDescription]
    public var tolerations: [PodToleration]
    public var hostNetwork: Bool
    public var priorityClassName: String
    public var serviceAccountName: String
    /// The Service in front of the workload's pods, if it has one.
    public var service: ServiceDescription?

    public init(
        name: String, namespace: String = "kube-system", controller: Controller, placement: Placement,
        labels: [String: String], containers: [ContainerDescription], tolerations: [PodToleration] = [],
        hostNetwork: Bool = false, priorityClassName: String = "", serviceAccountName: String = "",
        service: ServiceDescription? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.controller = controller
        self.placement = placement
        self.labels = labels
        self.containers = containers
        self.tolerations = tolerations
        self.hostNetwork = hostNetwork
        self.priorityClassName = priorityClassName
        self.serviceAccountName = serviceAccountName
        self.service = service
    }
}

/// One container of a workload's pod template.
public struct ContainerDescription: Sendable, Hashable {
    /// A declared container port.
    public struct Port: Sendable, Hashable {
        public var name: String
        public var containerPort: Int
        public var `protocol`: String
        public init(name: String, containerPort: Int, protocol: String = "TCP") {
            self.name = name
            self.containerPort = containerPort
            self.protocol = `protocol`
        }
    }

    public var name: String
    public var image: String
    public var args: [String]
    /// Quantities as the API writes them, e.g. `["cpu": "100m", "memory": "64Mi"]`.
    public var requests: [String: String]
    public var limits: [String: String]
    public var ports: [Port]

    public init(
        name: String, image: String, args: [String] = [], requests: [String: String] = [:],
        limits: [String: String] = [:], ports: [Port] = []
    ) {
        self.name = name
        self.image = image
        self.args = args
        self.requests = requests
        self.limits = limits
        self.ports = ports
    }
}

/// A ClusterIP Service selecting a workload's pods (by the workload's labels).
public struct ServiceDescription: Sendable, Hashable {
    /// One service port and the container port (by number or name) it forwards to.
    public struct Port: Sendable, Hashable {
        public var name: String
        public var port: Int
        /// A container port number ("53") or name ("https").
        public var targetPort: String
        public var `protocol`: String
        public init(name: String, port: Int, targetPort: String, protocol: String = "TCP") {
            self.name = name
            self.port = port
            self.targetPort = targetPort
            self.protocol = `protocol`
        }
    }

    public var name: String
    /// A fixed cluster IP (kube-dns' 10.96.0.10); empty picks a stable one.
    public var clusterIP: String
    public var ports: [Port]
    /// Labels beyond the workload's own.
    public var extraLabels: [String: String]

    public init(name: String, clusterIP: String = "", ports: [Port], extraLabels: [String: String] = [:]) {
        self.name = name
        self.clusterIP = clusterIP
        self.ports = ports
        self.extraLabels = extraLabels
    }
}
