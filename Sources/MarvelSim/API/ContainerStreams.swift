import MarvelNet

/// `pods/NAME/exec`, `attach` and `portforward` (kubectl exec, cp, attach,
/// port-forward, run -it): the embedded cluster runs no containers, so these
/// are answered with a Status that says so and points to what works, instead
/// of a 404 that reads like a missing pod.
enum ContainerStreams {
    static let subresources: Set<String> = ["exec", "attach", "portforward"]

    static func refusal(_ subresource: String, store: ClusterStore, namespace: String, pod: String) -> APIStatus {
        guard store.get(ResourceType.pods.name, namespace: namespace, name: pod) != nil else {
            return APIStatus.notFound(resource: ResourceType.pods.name, name: pod)
        }
        let verb = subresource == "portforward" ? "port-forward" : subresource
        return APIStatus(
            code: 400, reason: "BadRequest",
            message: "the embedded cluster runs no containers: \(verb) is not available; use logs",
            name: pod, kind: ResourceType.pods.name)
    }
}
