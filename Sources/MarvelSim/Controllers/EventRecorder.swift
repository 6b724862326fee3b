import Foundation
import MarvelCore

/// Writes core/v1 Events about objects, as controllers and the scheduler do:
/// a repeat of the same reason and message bumps `count` and `lastTimestamp`
/// (unless recorded `once`: conditions a controller sees on every tick).
struct EventRecorder {
    var store: ClusterStore

    func record(
        about object: JSONValue, kind: String, apiVersion: String = "v1", type: String = "Normal", reason: String,
        message: String, component: String, once: Bool = false
    ) {
        let namespace = object.at("metadata", "namespace")?.stringValue ?? "default"
        let name = object.at("metadata", "name")?.stringValue ?? ""
        let uid = object.at("metadata", "uid")?.stringValue ?? ""
        // As the API server's namespace lifecycle admission: nothing new in a namespace that is gone or going.
        guard let ns = store.get(ResourceType.namespaces.name, name: namespace), !Finalizers.isTerminating(ns) else { return }
        let eventName = "\(name).\(StableID.hex(uid + reason + message, count: 16))"
        let now = Timestamp.format(store.now)
        if store.get("events", namespace: namespace, name: eventName) != nil {
            if once { return }
            _ = try? store.modify("events", namespace: namespace, name: eventName) { e in
                e["count"] = .int((e["count"]?.intValue ?? 1) + 1)
                e["lastTimestamp"] = .string(now)
            }
            return
        }
        let event: JSONValue = [
            "kind": "Event", "apiVersion": "v1",
            "metadata": ["name": .string(eventName), "namespace": .string(namespace)],
            "involvedObject": [
                "kind": .string(kind), "namespace": .string(namespace), "name": .string(name), "uid": .string(uid),
                "apiVersion": .string(apiVersion),
                "resourceVersion": object.at("metadata", "resourceVersion") ?? "",
            ],
            "reason": .string(reason), "message": .string(message),
            "source": ["component": .string(component)],
            "firstTimestamp": .string(now), "lastTimestamp": .string(now), "count": 1,
            "type": .string(type), "eventTime": nil, "reportingComponent": .string(component),
            "reportingInstance": "",
        ]
        _ = try? store.create("events", event)
    }
}
