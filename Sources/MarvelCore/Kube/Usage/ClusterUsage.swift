import Foundation

/// What a node or pod uses right now (cores and bytes), as metrics.k8s.io reports it.
public struct ResourceUsage: Sendable, Hashable {
    public var cpu: Quantity
    public var memory: Quantity

    public init(cpu: Quantity, memory: Quantity) {
        self.cpu = cpu
        self.memory = memory
    }

    public static let zero = ResourceUsage(cpu: .zero, memory: .zero)

    public static func + (a: ResourceUsage, b: ResourceUsage) -> ResourceUsage {
        ResourceUsage(cpu: a.cpu + b.cpu, memory: a.memory + b.memory)
    }
}

/// The usage of nodes (by name) and pods (by "namespace/name") from one read of
/// the resource-metrics API. Equal when the figures are: the time of the read
/// is not data, so an unchanged cluster publishes no new snapshot.
public struct ClusterUsage: Sendable, Hashable {
    public var nodes: [String: ResourceUsage]
    public var pods: [String: ResourceUsage]
    /// When it was read.
    public var collectedAt: Date

    public init(nodes: [String: ResourceUsage] = [:], pods: [String: ResourceUsage] = [:], collectedAt: Date = Date()) {
        self.nodes = nodes
        self.pods = pods
        self.collectedAt = collectedAt
    }

    /// Usage of the pod `namespace/name`.
    public func pod(_ namespace: String, _ name: String) -> ResourceUsage? { pods["\(namespace)/\(name)"] }

    public static func == (a: ClusterUsage, b: ClusterUsage) -> Bool { a.nodes == b.nodes && a.pods == b.pods }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(nodes)
        hasher.combine(pods)
    }

    /// A NodeMetricsList's items by node name.
    public static func nodes(from list: JSONValue) -> [String: ResourceUsage] {
        var out: [String: ResourceUsage] = [:]
        for item in list["items"]?.arrayValue ?? [] {
            guard let name = item.at("metadata", "name")?.stringValue else { continue }
            out[name] = usage(item["usage"])
        }
        return out
    }

    /// A PodMetricsList's items (containers summed) by "namespace/name".
    public static func pods(from list: JSONValue) -> [String: ResourceUsage] {
        var out: [String: ResourceUsage] = [:]
        for item in list["items"]?.arrayValue ?? [] {
            guard let name = item.at("metadata", "name")?.stringValue else { continue }
            let ns = item.at("metadata", "namespace")?.stringValue ?? ""
            out["\(ns)/\(name)"] = (item["containers"]?.arrayValue ?? []).reduce(ResourceUsage.zero) { $0 + usage($1["usage"]) }
        }
        return out
    }

    /// A `usage` object ({cpu, memory}); unreadable quantities count as zero.
    static func usage(_ value: JSONValue?) -> ResourceUsage {
        func q(_ key: String) -> Quantity {
            guard let text = value?[key]?.stringValue, let parsed = try? Quantity(parsing: text) else { return .zero }
            return parsed
        }
        return ResourceUsage(cpu: q("cpu"), memory: q("memory"))
    }
}

/// Reading the resource-metrics API (metrics.k8s.io/v1beta1), as `kubectl top` does.
extension KubeClient {
    public static let metricsAPIPath = "/apis/metrics.k8s.io/v1beta1"

    /// Why usage cannot be read.
    public enum UsageUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
        /// The server does not serve metrics.k8s.io (metrics-server is not installed).
        case noMetricsAPI(server: String)

        public var description: String {
            switch self {
            case .noMetricsAPI(let server):
                return "the metrics API (metrics.k8s.io) is not available at \(server): install metrics-server to see usage; showing requests only"
            }
        }
    }

    /// Every node's usage.
    public func nodeUsage() throws -> [String: ResourceUsage] {
        ClusterUsage.nodes(from: try metricsGet("\(Self.metricsAPIPath)/nodes", query: [:]))
    }

    /// The usage of the pods of `namespace` (every namespace when nil) matching `labelSelector`.
    public func podUsage(namespace: String?, labelSelector: String? = nil) throws -> [String: ResourceUsage] {
        let path = namespace.map { "\(Self.metricsAPIPath)/namespaces/\(Self.encode($0))/pods" } ?? "\(Self.metricsAPIPath)/pods"
        return ClusterUsage.pods(from: try metricsGet(path, query: labelSelector.map { ["labelSelector": $0] } ?? [:]))
    }

    /// A GET under the metrics API; a 404 for the API itself is `UsageUnavailable`.
    private func metricsGet(_ path: String, query: [String: String]) throws -> JSONValue {
        let answer = Result { () throws(KubeError) in try get(path, query: query) }
        switch answer {
        case .success(let list):
            return list
        case .failure(let error):
            if error.statusCode == 404 || error.statusCode == 503 { throw UsageUnavailable.noMetricsAPI(server: target.displayServer) }
            throw error
        }
    }
}
