/// Why the store refused a write or a read; maps onto a Kubernetes Status.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No object with that key.
    case notFound(resource: String, key: ObjectKey)
    /// An object with that key exists already.
    case alreadyExists(resource: String, key: ObjectKey)
    /// The write named a resourceVersion that is no longer current.
    case conflict(resource: String, key: ObjectKey, expected: String, current: String)
    /// The object itself is unusable (missing name, not an object).
    case invalid(resource: String, detail: String)

    public var description: String {
        switch self {
        case .notFound(let r, let k): return "\(r) \"\(k.name)\" not found"
        case .alreadyExists(let r, let k): return "\(r) \"\(k.name)\" already exists"
        case .conflict(let r, let k, let expected, let current):
            return "Operation cannot be fulfilled on \(r) \"\(k.name)\": the object has been modified "
                + "(resourceVersion \(expected) is stale, current is \(current)); "
                + "please apply your changes to the latest version and try again"
        case .invalid(let r, let detail): return "\(r) is invalid: \(detail)"
        }
    }
}
