import Foundation
import MarvelCore

/// `kubectl get nodes`: NAME STATUS ROLES AGE VERSION, and with `-o wide`
/// INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME.
struct NodeTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Status", description: "The status of the node"),
            TableColumn(name: "Roles", description: "The roles of the node"),
            .age,
            TableColumn(name: "Version", description: "Kubelet Version reported by the node."),
            TableColumn(
                name: "Internal-IP",
                description: "List of addresses reachable to the node. Queried from cloud provider, if available.",
                priority: 1),
            TableColumn(
                name: "External-IP",
                description: "List of addresses reachable to the node. Queried from cloud provider, if available.",
                priority: 1),
            TableColumn(
                name: "OS-Image",
                description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
                priority: 1),
            TableColumn(
                name: "Kernel-Version",
                description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
                priority: 1),
            TableColumn(
                name: "Container-Runtime",
                description:
                    "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
                priority: 1),
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let status = (try? Node(json: object))?.statusText ?? "Unknown"
        let info = object.at("status", "nodeInfo")
        return [
            name(of: object), .string(status), .string(roles(object)), age(of: object, now: now),
            info?["kubeletVersion"] ?? "",
            .string(address(object, "InternalIP")), .string(address(object, "ExternalIP")),
            info?["osImage"] ?? "<unknown>", info?["kernelVersion"] ?? "<unknown>",
            info?["containerRuntimeVersion"] ?? "<unknown>",
        ]
    }

    /// Roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels.
    private func roles(_ object: JSONValue) -> String {
        var roles: Set<String> = []
        for m in object.at("metadata", "labels")?.objectValue ?? JSONObject() {
            if m.key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(m.key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if m.key == "kubernetes.io/role", let v = m.value.stringValue, !v.isEmpty {
                roles.insert(v)
            }
        }
        return roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")
    }

    private func address(_ object: JSONValue, _ type: String) -> String {
        let found = (object.at("status", "addresses")?.arrayValue ?? []).first { $0["type"]?.stringValue == type }
        return found?["address"]?.stringValue ?? "<none>"
    }
}
