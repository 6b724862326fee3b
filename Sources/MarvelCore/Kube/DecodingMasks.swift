/// The members of a Pod and a Node object their decoders read (`Pod(json:)`,
/// `Node(json:)`, `PodStatusRules`), so an object can be parsed keeping only
/// those (`JSONValue.parse(_:keeping:)`) and decode to the very same value.
/// The cache's lists read the same members straight from the bytes
/// (`PodFields`, `NodeFields`): a decoder that starts reading another field
/// must name it here and read it there; the equivalence tests decode every
/// fixture all three ways.
public enum DecodingMasks {
    /// What `Pod(json:)` reads.
    public static let pod: JSONFieldMask = .fields([
        "metadata": .fields([
            "name": .all, "namespace": .all, "uid": .all, "labels": .all, "annotations": .all, "creationTimestamp": .all,
            "deletionTimestamp": .all, "ownerReferences": .all, "resourceVersion": .all,
        ]),
        "spec": .fields(["nodeName": .all, "containers": container, "initContainers": container, "overhead": .all]),
        "status": .fields([
            "phase": .all, "podIP": .all, "hostIP": .all, "reason": .all, "conditions": .all, "containerStatuses": .all,
            "initContainerStatuses": .all,
        ]),
    ])

    /// What `Node(json:)` reads.
    public static let node: JSONFieldMask = .fields([
        "metadata": .fields([
            "name": .all, "namespace": .all, "uid": .all, "labels": .all, "annotations": .all, "creationTimestamp": .all,
            "resourceVersion": .all,
        ]),
        "spec": .fields(["unschedulable": .all, "taints": .all]),
        "status": .fields([
            "capacity": .all, "allocatable": .all, "conditions": .all, "addresses": .all, "nodeInfo": .all, "images": .all,
        ]),
    ])

    /// A list page whose items are read with `item`: its metadata (resourceVersion, continue) and items.
    public static func listPage(of item: JSONFieldMask) -> JSONFieldMask { .fields(["metadata": .all, "items": item]) }

    private static let container: JSONFieldMask = .fields(["name": .all, "image": .all, "resources": .all, "restartPolicy": .all])
}
