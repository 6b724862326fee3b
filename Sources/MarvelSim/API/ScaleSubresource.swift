import MarvelCore
import MarvelNet

/// The `scale` subresource of Deployments, ReplicaSets and StatefulSets (what
/// `kubectl scale` reads and patches): an autoscaling/v1 Scale.
struct ScaleSubresource {
    var store: ClusterStore
    var type: ResourceType
    var namespace: String
    var name: String

    static let resources: Set<String> = ["deployments", "replicasets", "statefulsets"]

    private func object() throws(APIStatus) -> JSONValue {
        guard let o = store.get(type.name, namespace: namespace, name: name) else {
            throw APIStatus.notFound(resource: type.name, name: name)
        }
        return o
    }

    static func scale(of object: JSONValue) -> JSONValue {
        let labels = (object.at("spec", "selector", "matchLabels")?.objectValue ?? JSONObject())
            .map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
        let metadata = object["metadata"] ?? [:]
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": [
                "name": metadata["name"] ?? "", "namespace": metadata["namespace"] ?? "", "uid": metadata["uid"] ?? "",
                "resourceVersion": metadata["resourceVersion"] ?? "",
                "creationTimestamp": metadata["creationTimestamp"] ?? "",
            ],
            "spec": ["replicas": .int(object.at("spec", "replicas")?.intValue ?? 1)],
            "status": ["replicas": .int(object.at("status", "replicas")?.intValue ?? 0), "selector": .string(labels)],
        ]
    }

    func get() throws(APIStatus) -> ServerResponse { .json(Self.scale(of: try object())) }

    /// PATCH (merge) or PUT of a Scale: only `spec.replicas` is taken.
    func update(_ request: ServerRequest) throws(APIStatus) -> ServerResponse {
        let current = try object()
        let body = try ServerSideApply.parseBody(request.body)
        let merged = request.method == "PUT" ? body : MergePatch.apply(body, to: Self.scale(of: current))
        guard let replicas = merged.at("spec", "replicas")?.intValue, replicas >= 0 else {
            throw APIStatus(
                code: 422, reason: "Invalid",
                message: "Scale \"\(name)\" is invalid: spec.replicas: Invalid value: must be a non-negative integer",
                name: name, kind: "Scale",
                causes: [["reason": "FieldValueInvalid", "message": "must be a non-negative integer", "field": "spec.replicas"]])
        }
        if KubeAPIHandler.isDryRun(request) {
            var preview = current
            preview["spec"]?["replicas"] = .int(replicas)
            return .json(Self.scale(of: preview))
        }
        do {
            let updated = try store.modify(type.name, namespace: namespace, name: name) { o in
                guard o.at("spec", "replicas")?.intValue != replicas else { return }
                o["spec"]?["replicas"] = .int(replicas)
                let generation = o.at("metadata", "generation")?.intValue ?? 1
                o["metadata"]?["generation"] = .int(generation + 1)
            }
            return .json(Self.scale(of: updated))
        } catch {
            throw APIStatus(error)
        }
    }
}
