import Foundation
import MarvelCore

/// `kubectl get pods`: NAME READY STATUS RESTARTS AGE, and with `-o wide`
/// IP NODE NOMINATED NODE READINESS GATES.
struct PodTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Ready", description: "The aggregate readiness state of this pod for accepting traffic."),
            TableColumn(name: "Status", description: "The aggregate status of the containers in this pod."),
            TableColumn(
                name: "Restarts",
                description:
                    "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."
            ),
            .age,
            TableColumn(
                name: "IP",
                description:
                    "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
                priority: 1),
            TableColumn(
                name: "Node", description: "NodeName is a request to schedule this pod onto a specific node.",
                priority: 1),
            TableColumn(
                name: "Nominated Node",
                description: "nominatedNodeName is set only when this pod preempts other pods on the node.", priority: 1
            ),
            TableColumn(
                name: "Readiness Gates",
                description: "If specified, all readiness gates will be evaluated for pod readiness.", priority: 1),
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let pod = try? Pod(json: object)
        let status = object["status"]
        return [
            name(of: object),
            .string(pod?.readyText ?? "0/0"),
            .string(pod?.displayStatus ?? (status?["phase"]?.stringValue ?? "Unknown")),
            .string(restarts(object, count: pod?.restarts ?? 0, now: now)),
            age(of: object, now: now),
            .string(nonEmpty(status?["podIP"]?.stringValue)),
            .string(nonEmpty(object.at("spec", "nodeName")?.stringValue)),
            .string(nonEmpty(status?["nominatedNodeName"]?.stringValue)),
            .string(readinessGates(object)),
        ]
    }

    /// "3" or, when a container last terminated at a known time, "3 (5m ago)".
    private func restarts(_ object: JSONValue, count: Int, now: Date) -> String {
        guard count > 0 else { return "0" }
        let finished = (object.at("status", "containerStatuses")?.arrayValue ?? []).compactMap {
            $0.at("lastState", "terminated", "finishedAt")?.stringValue.flatMap(Timestamp.parse)
        }
        guard let last = finished.max() else { return String(count) }
        return "\(count) (\(HumanDuration.format(seconds: now.timeIntervalSince(last))) ago)"
    }

    private func readinessGates(_ object: JSONValue) -> String {
        let gates = object.at("spec", "readinessGates")?.arrayValue ?? []
        guard !gates.isEmpty else { return "<none>" }
        let conditions = object.at("status", "conditions")?.arrayValue ?? []
        let passed = gates.filter { gate in
            conditions.contains {
                $0["type"] == gate["conditionType"] && $0["status"]?.stringValue == "True"
            }
        }
        return "\(passed.count)/\(gates.count)"
    }

    private func nonEmpty(_ s: String?) -> String {
        guard let s, !s.isEmpty else { return "<none>" }
        return s
    }
}
