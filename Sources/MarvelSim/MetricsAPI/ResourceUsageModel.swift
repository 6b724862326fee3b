import Foundation
import MarvelCore

/// What the embedded cluster's pods and nodes use, made up deterministically
/// from what they request: each image has a load profile (a stable share of
/// its cpu and memory requests, from its name; databases and brokers keep more
/// memory than they ask for), a slow swing of ±10% over 15-minute cycles keyed
/// by the pod's uid, DynHP training pods busy (their whole cpu limit) while
/// their trainer runs, and every node adds its system's own use (kubelet, OS).
/// Only Running pods have usage, as metrics-server reports them.
struct ResourceUsageModel {
    /// Usage of one container (cores and bytes).
    struct Usage: Equatable {
        var cpuNanos: Int64
        var memoryBytes: Int64

        static func + (a: Usage, b: Usage) -> Usage {
            Usage(cpuNanos: a.cpuNanos + b.cpuNanos, memoryBytes: a.memoryBytes + b.memoryBytes)
        }
    }

    /// A pod's containers and their usage.
    struct PodUsage {
        var containers: [(name: String, usage: Usage)]
        var total: Usage { containers.reduce(Usage(cpuNanos: 0, memoryBytes: 0)) { $0 + $1.usage } }
    }

    /// Requests assumed for a container that sets none (kube-scheduler's non-zero defaults).
    static let defaultCPUNanos: Int64 = 100_000_000
    static let defaultMemoryBytes: Int64 = 200 << 20

    var now: Date
    /// Whether a pod's in-process trainer is running (training pods are busy then).
    var isTraining: (JSONValue) -> Bool

    /// The usage of a Running pod, nil for any other pod.
    func usage(ofPod pod: JSONValue) -> PodUsage? {
        guard pod.at("status", "phase")?.stringValue == "Running" else { return nil }
        let busy = isTraining(pod)
        let uid = pod.at("metadata", "uid")?.stringValue ?? pod.at("metadata", "name")?.stringValue ?? ""
        let swing = Self.swing(uid: uid, now: now)
        var out: [(String, Usage)] = []
        for container in pod.at("spec", "containers")?.arrayValue ?? [] {
            let name = container["name"]?.stringValue ?? ""
            let image = container["image"]?.stringValue ?? ""
            let cpuRequest = Self.amount(container, "requests", "cpu") ?? Self.amount(container, "limits", "cpu") ?? Self.defaultCPUNanos
            let memoryRequest = Self.amount(container, "requests", "memory") ?? Self.amount(container, "limits", "memory")
                ?? Self.defaultMemoryBytes
            let profile = Self.profile(image: image)
            var cpu = Double(cpuRequest) * profile.cpu * swing
            if busy {
                let limit = Self.amount(container, "limits", "cpu") ?? cpuRequest * 2
                cpu = Double(max(limit, cpuRequest)) * 0.97
            }
            let memory = Double(memoryRequest) * profile.memory * (0.95 + (swing - 1) / 2)
            out.append((name, Usage(cpuNanos: Int64(cpu.rounded()), memoryBytes: Int64(memory.rounded()))))
        }
        return PodUsage(containers: out)
    }

    /// A node's usage: its running pods' plus 4% of its cpu and 8% of its memory for the system.
    func usage(ofNode node: JSONValue, pods: [JSONValue]) -> Usage {
        let capacityCPU = Self.quantity(node.at("status", "capacity", "cpu"), cpu: true) ?? 0
        let capacityMemory = Self.quantity(node.at("status", "capacity", "memory"), cpu: false) ?? 0
        var total = Usage(cpuNanos: capacityCPU * 4 / 100, memoryBytes: capacityMemory * 8 / 100)
        for pod in pods { if let u = usage(ofPod: pod) { total = total + u.total } }
        return total
    }

    /// Shares of the requests an image uses: (cpu, memory). Stable per image name.
    static func profile(image: String) -> (cpu: Double, memory: Double) {
        let name = image.split(separator: "/").last.map { String($0.split(separator: ":").first ?? $0) }?.lowercased() ?? image
        let heavy = ["elasticsearch", "kafka", "zookeeper", "nifi", "minio", "prometheus", "mongo", "postgres", "mysql"]
        let base = Double(StableID.number("usage-cpu:" + name, in: 15...85)) / 100
        let memory = Double(StableID.number("usage-mem:" + name, in: 40...95)) / 100
        if heavy.contains(where: { name.contains($0) }) {
            return (base, 1.1 + Double(StableID.number("usage-heavy:" + name, in: 0...40)) / 100)
        }
        return (base, memory)
    }

    /// 0.9…1.1 over a 15-minute cycle, phase-shifted per pod.
    static func swing(uid: String, now: Date) -> Double {
        let phase = Double(StableID.number("swing:" + uid, in: 0...899))
        let t = (now.timeIntervalSince1970 + phase).truncatingRemainder(dividingBy: 900) / 900
        return 1 + 0.1 * sin(2 * Double.pi * t)
    }

    static func amount(_ container: JSONValue, _ section: String, _ resource: String) -> Int64? {
        quantity(container.at("resources", section, resource), cpu: resource == "cpu")
    }

    /// nanocores for cpu, bytes for memory.
    static func quantity(_ value: JSONValue?, cpu: Bool) -> Int64? {
        guard let text = value?.stringValue ?? value?.intValue.map(String.init), let q = try? Quantity(parsing: text) else {
            return nil
        }
        let nanos = q.nanos
        let amount = cpu ? nanos : nanos / 1_000_000_000
        return amount > Int128(Int64.max) ? Int64.max : Int64(amount)
    }

    /// "487558164n" (metrics-server writes cpu in nanocores).
    static func cpuText(_ nanos: Int64) -> String { "\(nanos)n" }
    /// "732212Ki".
    static func memoryText(_ bytes: Int64) -> String { "\(bytes / 1024)Ki" }
}
