/// The resources a snapshot accounts for, as columns of whole numbers:
/// `pods`, `cpu` (in millicores), `memory` and `ephemeral-storage` (bytes),
/// then every extended resource (`nvidia.com/gpu`, …) in name order. This is
/// kube-scheduler's order of resource-fit reasons.
public struct ResourceColumns: Sendable, Hashable {
    public static let pods = "pods"
    public static let cpu = "cpu"
    public static let memory = "memory"
    public static let ephemeralStorage = "ephemeral-storage"
    public static let gpu = "nvidia.com/gpu"
    /// Pods a node takes when its allocatable does not say.
    public static let defaultMaxPods: Int64 = 110

    public let names: [String]
    let index: [String: Int]

    /// The standard columns plus `extended` (deduplicated, sorted).
    public init(extended: some Sequence<String>) {
        let fixed = [Self.pods, Self.cpu, Self.memory, Self.ephemeralStorage]
        let extra = Set(extended).subtracting(fixed).sorted()
        names = fixed + extra
        index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    public var count: Int { names.count }

    /// The column of `resource`, nil when the snapshot does not track it.
    public func column(_ resource: String) -> Int? { index[resource] }

    /// A quantity in the column's unit: millicores for cpu, whole units otherwise (rounded up, as Kubernetes does).
    public static func amount(_ q: Quantity, resource: String) -> Int64 {
        resource == cpu ? q.milliValue : q.value
    }

    /// The column's unit back as a quantity.
    public static func quantity(_ amount: Int64, resource: String) -> Quantity {
        resource == cpu ? Quantity(milli: amount) : Quantity(value: amount)
    }

    /// Text for a person: "250m" cpu, "512Mi" memory, "2" GPUs.
    public static func display(_ amount: Int64, resource: String) -> String {
        let q = quantity(amount, resource: resource)
        switch resource {
        case cpu: return q.cpuDisplay
        case memory, ephemeralStorage: return q.bytesDisplay
        default: return String(amount)
        }
    }
}
