import Foundation
import MarvelCore

/// `kubectl get namespaces`: NAME STATUS AGE.
struct NamespaceTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Status", description: "The status of the namespace"),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        [name(of: object), object.at("status", "phase") ?? "", age(of: object, now: now)]
    }
}
