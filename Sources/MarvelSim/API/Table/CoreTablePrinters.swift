import Foundation
import MarvelCore

/// `kubectl get configmaps` (NAME DATA AGE) and `secrets` (NAME TYPE DATA AGE).
struct DataTablePrinter: TablePrinter {
    var withType: Bool

    var columns: [TableColumn] {
        var c: [TableColumn] = [.name]
        if withType { c.append(TableColumn(name: "Type", description: "Used to facilitate programmatic handling of secret data.")) }
        c.append(TableColumn(name: "Data", type: "integer", description: "Number of keys."))
        c.append(.age)
        return c
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let keys = (object["data"]?.objectValue?.count ?? 0) + (object["binaryData"]?.objectValue?.count ?? 0)
            + (object["stringData"]?.objectValue?.count ?? 0)
        var cells: [JSONValue] = [name(of: object)]
        if withType { cells.append(object["type"] ?? "Opaque") }
        cells += [.int(keys), age(of: object, now: now)]
        return cells
    }
}

/// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE.
struct EventTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            TableColumn(name: "Last Seen", description: "Time when this Event was last observed."),
            TableColumn(name: "Type", description: "Type of this event (Normal, Warning)."),
            TableColumn(name: "Reason", description: "Short, machine understandable string that gives the reason for the transition into the object's current status."),
            TableColumn(name: "Object", description: "The object that this event is about."),
            TableColumn(name: "Message", description: "A human-readable description of the status of this operation."),
            TableColumn(name: "Name", format: "name", description: "The event's name.", priority: 1),
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let last = object["lastTimestamp"]?.stringValue.flatMap(Timestamp.parse)
        let involved = object["involvedObject"]
        return [
            .string(last.map { HumanDuration.format(seconds: now.timeIntervalSince($0)) } ?? "<unknown>"),
            object["type"] ?? "", object["reason"] ?? "",
            .string("\((involved?["kind"]?.stringValue ?? "").lowercased())/\(involved?["name"]?.stringValue ?? "")"),
            object["message"] ?? "", name(of: object),
        ]
    }
}
