import Foundation
import MarvelCore

/// One column of a `meta.k8s.io/v1` Table.
struct TableColumn: Sendable {
    var name: String
    var type: String = "string"
    var format: String = ""
    var description: String
    /// 0 shows by default; 1 only with `-o wide`.
    var priority: Int = 0

    var json: JSONValue {
        [
            "name": .string(name), "type": .string(type), "format": .string(format),
            "description": .string(description), "priority": .int(priority),
        ]
    }

    static let name = TableColumn(
        name: "Name", format: "name",
        description:
            "Name must be unique within a namespace. It is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically."
    )
    static let age = TableColumn(
        name: "Age",
        description:
            "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations."
    )
}

/// The server-side printer of one resource: the columns kubectl shows and
/// each object's cells (what `kubectl get` prints without `-o`).
protocol TablePrinter: Sendable {
    var columns: [TableColumn] { get }
    func cells(for object: JSONValue, now: Date) -> [JSONValue]
}

extension TablePrinter {
    /// The object's age as a table cell ("<unknown>" without a timestamp).
    func age(of object: JSONValue, now: Date) -> JSONValue {
        guard let text = object.at("metadata", "creationTimestamp")?.stringValue, let created = Timestamp.parse(text)
        else {
            return "<unknown>"
        }
        return .string(HumanDuration.format(seconds: now.timeIntervalSince(created)))
    }

    func name(of object: JSONValue) -> JSONValue { object.at("metadata", "name") ?? "" }
}

/// The printer registered for each resource; kinds without one get the API
/// server's default table (NAME, CREATED AT).
enum TablePrinters {
    static func printer(for resource: String) -> any TablePrinter {
        switch resource {
        case "nodes": return NodeTablePrinter()
        case "pods": return PodTablePrinter()
        case "namespaces": return NamespaceTablePrinter()
        case "deployments": return DeploymentTablePrinter()
        case "replicasets": return ReplicaSetTablePrinter()
        case "statefulsets": return StatefulSetTablePrinter()
        case "daemonsets": return DaemonSetTablePrinter()
        case "controllerrevisions": return ControllerRevisionTablePrinter()
        case "jobs": return JobTablePrinter()
        case "cronjobs": return CronJobTablePrinter()
        case "horizontalpodautoscalers": return HorizontalPodAutoscalerTablePrinter()
        case "poddisruptionbudgets": return PodDisruptionBudgetTablePrinter()
        case "services": return ServiceTablePrinter()
        case "endpoints": return EndpointsTablePrinter()
        case "endpointslices": return EndpointSliceTablePrinter()
        case "configmaps": return DataTablePrinter(withType: false)
        case "secrets": return DataTablePrinter(withType: true)
        case "serviceaccounts": return ServiceAccountTablePrinter()
        case "events": return EventTablePrinter()
        case "ingresses": return IngressTablePrinter()
        case "persistentvolumeclaims": return PersistentVolumeClaimTablePrinter()
        case "persistentvolumes": return PersistentVolumeTablePrinter()
        case "storageclasses": return StorageClassTablePrinter()
        case "rolebindings": return RoleBindingTablePrinter(noun: "roleBinding")
        case "clusterrolebindings": return RoleBindingTablePrinter(noun: "clusterRoleBinding")
        default: return CreatedAtTablePrinter()
        }
    }
}
