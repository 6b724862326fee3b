/// How a kind's names are checked (ValidateNameFunc of its strategy).
public enum NameRule: Sendable {
    /// Most kinds: a DNS-1123 subdomain (253 characters).
    case dnsSubdomain
    /// Namespaces: a DNS-1123 label.
    case dnsLabel
    /// Services: a DNS-1035 label (starts with a letter).
    case dns1035Label
    /// RBAC kinds: any path segment (no `/` or `%`, not `.` or `..`).
    case pathSegment
    /// CronJobs: a subdomain of at most 52 characters (room for the job suffix).
    case cronJob

    /// The rule of a kind.
    public static func of(_ gvk: GroupVersionKind) -> NameRule {
        switch (gvk.group, gvk.kind) {
        case ("", "Namespace"): return .dnsLabel
        case ("", "Service"): return .dns1035Label
        case ("batch", "CronJob"): return .cronJob
        case ("rbac.authorization.k8s.io", _): return .pathSegment
        default: return .dnsSubdomain
        }
    }

    /// The reasons `name` fails; `prefix` for generateName (a trailing `-` is allowed).
    public func problems(_ name: String, prefix: Bool = false) -> [String] {
        var n = name
        if prefix, self != .pathSegment, n.hasSuffix("-") { n = String(n.dropLast()) + "a" }
        switch self {
        case .dnsSubdomain: return NameRules.dns1123Subdomain(n)
        case .dnsLabel: return NameRules.dns1123Label(n)
        case .dns1035Label: return NameRules.dns1035Label(n)
        case .cronJob:
            var errors = NameRules.dns1123Subdomain(n)
            if !prefix, n.utf8.count > 52 { errors.append(NameRules.maxLength(52)) }
            return errors
        case .pathSegment:
            var errors: [String] = []
            if n == "." || n == ".." { errors.append("may not be '\(n)'") }
            if n.contains("/") { errors.append("may not contain '/'") }
            if n.contains("%") { errors.append("may not contain '%'") }
            return errors
        }
    }
}

extension ValidationRun {
    static let annotationSizeLimit = 256 * 1024

    /// ValidateObjectMeta of a stored object: names, namespace, labels, annotations, finalizers.
    func objectMeta(_ meta: JSONValue?, rule: NameRule, namespaced: Bool, _ path: FieldPath) {
        let generateName = string(meta?["generateName"])
        if !generateName.isEmpty {
            invalid(generateName, path.child("generateName"), rule.problems(generateName, prefix: true))
        }
        let name = string(meta?["name"])
        if name.isEmpty {
            add(.required(path.child("name"), "name or generateName is required"))
        } else {
            invalid(name, path.child("name"), rule.problems(name))
        }
        let namespace = string(meta?["namespace"])
        if namespaced {
            if namespace.isEmpty {
                add(.required(path.child("namespace")))
            } else {
                invalid(namespace, path.child("namespace"), NameRules.dns1123Label(namespace))
            }
        } else if !namespace.isEmpty {
            add(.forbidden(path.child("namespace"), "not allowed on this type"))
        }
        nonNegative(meta?["generation"], path.child("generation"))
        labels(object(meta?["labels"]), path.child("labels"))
        annotations(object(meta?["annotations"]), path.child("annotations"))
        for (i, f) in array(meta?["finalizers"]).enumerated() {
            let finalizer = string(f)
            if !finalizer.contains("/"), !["kubernetes", "orphan", "foregroundDeletion"].contains(finalizer) {
                add(
                    .invalid(
                        path.child("finalizers").index(i), f,
                        "name is neither a standard finalizer name nor is it fully qualified"))
            } else {
                invalid(finalizer, path.child("finalizers").index(i), NameRules.qualifiedName(finalizer))
            }
        }
    }

    /// The metadata of a pod template: only labels and annotations are checked.
    func templateMeta(_ meta: JSONValue?, _ path: FieldPath) {
        labels(object(meta?["labels"]), path.child("labels"))
        annotations(object(meta?["annotations"]), path.child("annotations"))
    }

    /// ValidateAnnotations: case-insensitive qualified-name keys, 256 KiB in all.
    func annotations(_ annotations: JSONObject, _ path: FieldPath) {
        var size = 0
        for m in annotations {
            invalid(m.key, path, NameRules.qualifiedName(m.key.lowercased()))
            size += m.key.utf8.count + (m.value.stringValue ?? "").utf8.count
        }
        if size > Self.annotationSizeLimit { add(.tooLong(path, maxBytes: Self.annotationSizeLimit)) }
    }
}
