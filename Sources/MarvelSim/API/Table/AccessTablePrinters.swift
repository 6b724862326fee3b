import Foundation
import MarvelCore

/// `kubectl get serviceaccounts`: NAME SECRETS AGE.
struct ServiceAccountTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [.name, TableColumn(name: "Secrets", description: "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), .age]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        [name(of: object), .int(object["secrets"]?.arrayValue?.count ?? 0), age(of: object, now: now)]
    }
}

/// `kubectl get rolebindings|clusterrolebindings`: NAME ROLE AGE, and with `-o wide` USERS GROUPS SERVICEACCOUNTS.
struct RoleBindingTablePrinter: TablePrinter {
    /// "roleBinding" or "clusterRoleBinding", for the column descriptions.
    var noun: String

    var columns: [TableColumn] {
        [
            .name, TableColumn(name: "Role", description: "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."),
            .age,
            TableColumn(name: "Users", description: "Users in the \(noun)", priority: 1),
            TableColumn(name: "Groups", description: "Groups in the \(noun)", priority: 1),
            TableColumn(name: "ServiceAccounts", description: "ServiceAccounts in the \(noun)", priority: 1),
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let subjects = object["subjects"]?.arrayValue ?? []
        func names(_ kind: String) -> JSONValue {
            .string(subjects.filter { $0["kind"]?.stringValue == kind }.compactMap { s -> String? in
                guard let name = s["name"]?.stringValue else { return nil }
                if kind == "ServiceAccount" { return "\(s["namespace"]?.stringValue ?? object.objectNamespaceOrEmpty)/\(name)" }
                return name
            }.joined(separator: ", "))
        }
        let ref = object["roleRef"]
        return [
            name(of: object), .string("\(ref?["kind"]?.stringValue ?? "")/\(ref?["name"]?.stringValue ?? "")"),
            age(of: object, now: now), names("User"), names("Group"), names("ServiceAccount"),
        ]
    }
}

/// What the API server prints for kinds without a printer of their own (Roles,
/// ClusterRoles): NAME and CREATED AT.
struct CreatedAtTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(
                name: "Created At", type: "date",
                description: "CreationTimestamp is a timestamp representing the server time when this object was created."),
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        [name(of: object), object.at("metadata", "creationTimestamp") ?? ""]
    }
}

extension JSONValue {
    /// `metadata.namespace`, or "".
    fileprivate var objectNamespaceOrEmpty: String { at("metadata", "namespace")?.stringValue ?? "" }
}
