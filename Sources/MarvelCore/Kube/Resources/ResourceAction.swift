import Foundation

/// A change a resource view makes to one object (each confirmed first):
/// delete it, set its replicas, restart its pods the way `kubectl rollout
/// restart` does, or kill a pod (delete it, so its controller makes another).
public enum ResourceAction: Sendable, Hashable {
    case delete
    case scale(replicas: Int)
    case restart
    case kill

    /// "delete Deployment/kafka in marvel", for the y/N question and progress.
    public func phrase(_ kind: ResourceKind, namespace: String, name: String) -> String {
        let target = "\(kind.kind)/\(name)" + (kind.namespaced ? " in \(namespace)" : "")
        switch self {
        case .delete: return "delete \(target)"
        case .scale(let replicas): return "scale \(target) to \(replicas) replica\(replicas == 1 ? "" : "s")"
        case .restart: return "restart the pods of \(target)"
        case .kill: return "kill \(target)"
        }
    }

    /// The line shown once it is done.
    public func done(_ kind: ResourceKind, namespace: String, name: String) -> String {
        let target = "\(kind.kind)/\(name)"
        switch self {
        case .delete: return "deleted \(target)"
        case .scale(let replicas): return "scaled \(target) to \(replicas)"
        case .restart: return "restarted \(target) (rollout under way)"
        case .kill: return "killed \(target)"
        }
    }

    /// The pod-template annotation `kubectl rollout restart` sets.
    public static let restartedAtAnnotation = "kubectl.kubernetes.io/restartedAt"
}

extension KubeClient {
    /// Performs `action` on one object: DELETE it (`.delete`, `.kill`), merge-patch the
    /// `scale` subresource's `spec.replicas`, or strategic-merge-patch the pod
    /// template's `restartedAt` annotation with `now` (RFC 3339), as kubectl does.
    public func perform(_ action: ResourceAction, kind: ResourceKind, namespace: String, name: String, now: Date = Date())
        throws(KubeError)
    {
        let path = kind.objectPath(namespace: namespace, name: name)
        switch action {
        case .delete, .kill:
            _ = try send(.delete, path)
        case .scale(let replicas):
            let patch: JSONValue = ["spec": ["replicas": .int(replicas)]]
            _ = try send(
                .patch, path + "/scale", headers: [(name: "Content-Type", value: "application/merge-patch+json")], body: patch.jsonBytes())
        case .restart:
            let patch: JSONValue = [
                "spec": ["template": ["metadata": ["annotations": [ResourceAction.restartedAtAnnotation: .string(Timestamp.format(now))]]]]
            ]
            _ = try send(
                .patch, path, headers: [(name: "Content-Type", value: "application/strategic-merge-patch+json")], body: patch.jsonBytes())
        }
    }

    /// The events about one object, oldest first (`involvedObject` field selector, as `kubectl describe`).
    public func events(about kind: ResourceKind, namespace: String, name: String) throws(KubeError) -> [JSONValue] {
        var selector = "involvedObject.name=\(name),involvedObject.kind=\(kind.kind)"
        if kind.namespaced { selector += ",involvedObject.namespace=\(namespace)" }
        let path = kind.namespaced ? "/api/v1/namespaces/\(KubeClient.encode(namespace))/events" : "/api/v1/events"
        let items = try list(path, query: ["fieldSelector": selector]).items
        return ResourceDescription.chronological(items)
    }
}
