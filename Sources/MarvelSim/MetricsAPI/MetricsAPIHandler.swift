import Foundation
import MarvelCore
import MarvelNet

/// Serves `/apis/metrics.k8s.io/v1beta1` as metrics-server does: NodeMetrics
/// and PodMetrics (get and list, label selectors, per namespace or all) with
/// the usage of `ResourceUsageModel`, computed from the store at each request.
/// Every other request goes to `next`; discovery of the group is `next`'s.
struct MetricsAPIHandler: ServerHandler {
    static let prefix = "/apis/metrics.k8s.io/v1beta1/"
    /// The window metrics-server reports (its scrape interval).
    static let window = "15s"

    var store: ClusterStore
    var training: SimTrainingSupervisor?
    var next: any ServerHandler

    func handle(_ request: ServerRequest) -> ServerResponse {
        guard request.path.hasPrefix(Self.prefix) else { return next.handle(request) }
        do {
            return try serve(request)
        } catch {
            return error.response
        }
    }

    private func serve(_ request: ServerRequest) throws(APIStatus) -> ServerResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            throw .methodNotAllowed(request.method, path: request.path)
        }
        let parts = request.path.dropFirst(Self.prefix.count).split(separator: "/").map(String.init)
        let selector = try LabelSelector(parsing: request.query["labelSelector"] ?? "")
        switch parts.count {
        case 1 where parts[0] == "nodes": return .json(nodeList(selector: selector))
        case 2 where parts[0] == "nodes": return .json(try nodeMetrics(named: parts[1]))
        case 1 where parts[0] == "pods": return .json(podList(namespace: nil, selector: selector))
        case 3 where parts[0] == "namespaces" && parts[2] == "pods":
            return .json(podList(namespace: parts[1], selector: selector))
        case 4 where parts[0] == "namespaces" && parts[2] == "pods":
            return .json(try podMetrics(namespace: parts[1], name: parts[3]))
        default:
            throw .pathNotFound(request.path)
        }
    }

    private var model: ResourceUsageModel {
        let training = self.training
        return ResourceUsageModel(now: store.now) { pod in
            guard let training, let uid = pod.at("metadata", "uid")?.stringValue else { return false }
            return training.status(podUID: uid) == .running
        }
    }

    private func nodeList(selector: LabelSelector) -> JSONValue {
        let model = self.model
        let podsByNode = Dictionary(grouping: store.list("pods").items) { $0.at("spec", "nodeName")?.stringValue ?? "" }
        let items = store.list("nodes").items.filter { selector.matches(object: $0) && Self.isReady($0) }.map { node in
            nodeMetrics(node, usage: model.usage(ofNode: node, pods: podsByNode[node.at("metadata", "name")?.stringValue ?? ""] ?? []))
        }
        return list(kind: "NodeMetricsList", items: items)
    }

    private func nodeMetrics(named name: String) throws(APIStatus) -> JSONValue {
        guard let node = store.get("nodes", name: name), Self.isReady(node) else {
            throw .notFound(resource: "nodes.metrics.k8s.io", name: name)
        }
        let pods = store.list("pods").items.filter { $0.at("spec", "nodeName")?.stringValue == name }
        return withType(nodeMetrics(node, usage: model.usage(ofNode: node, pods: pods)), kind: "NodeMetrics")
    }

    private func podList(namespace: String?, selector: LabelSelector) -> JSONValue {
        let model = self.model
        let items = store.list("pods", namespace: namespace).items.filter { selector.matches(object: $0) }.compactMap { pod in
            model.usage(ofPod: pod).map { podMetrics(pod, usage: $0) }
        }
        return list(kind: "PodMetricsList", items: items)
    }

    private func podMetrics(namespace: String, name: String) throws(APIStatus) -> JSONValue {
        guard let pod = store.get("pods", namespace: namespace, name: name), let usage = model.usage(ofPod: pod) else {
            throw .notFound(resource: "pods.metrics.k8s.io", name: name)
        }
        return withType(podMetrics(pod, usage: usage), kind: "PodMetrics")
    }

    /// Nodes whose kubelet does not report have no metrics (metrics-server cannot scrape them).
    private static func isReady(_ node: JSONValue) -> Bool {
        (node.at("status", "conditions")?.arrayValue ?? []).contains {
            $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
        }
    }

    private func nodeMetrics(_ node: JSONValue, usage: ResourceUsageModel.Usage) -> JSONValue {
        [
            "metadata": metadata(node), "timestamp": .string(Timestamp.format(store.now)), "window": .string(Self.window),
            "usage": usageJSON(usage),
        ]
    }

    private func podMetrics(_ pod: JSONValue, usage: ResourceUsageModel.PodUsage) -> JSONValue {
        [
            "metadata": metadata(pod), "timestamp": .string(Timestamp.format(store.now)), "window": .string(Self.window),
            "containers": .array(usage.containers.map { ["name": .string($0.name), "usage": usageJSON($0.usage)] }),
        ]
    }

    private func metadata(_ object: JSONValue) -> JSONValue {
        var m: JSONObject = ["name": object.at("metadata", "name") ?? "", "creationTimestamp": .string(Timestamp.format(store.now))]
        if let ns = object.at("metadata", "namespace") { m["namespace"] = ns }
        if let labels = object.at("metadata", "labels") { m["labels"] = labels }
        return .object(m)
    }

    private func usageJSON(_ usage: ResourceUsageModel.Usage) -> JSONValue {
        ["cpu": .string(ResourceUsageModel.cpuText(usage.cpuNanos)), "memory": .string(ResourceUsageModel.memoryText(usage.memoryBytes))]
    }

    private func list(kind: String, items: [JSONValue]) -> JSONValue {
        ["kind": .string(kind), "apiVersion": "metrics.k8s.io/v1beta1", "metadata": [:], "items": .array(items)]
    }

    private func withType(_ object: JSONValue, kind: String) -> JSONValue {
        var o = object
        o["kind"] = .string(kind)
        o["apiVersion"] = "metrics.k8s.io/v1beta1"
        return o
    }
}
