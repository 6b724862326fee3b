import Foundation
import MarvelCore

/// What a Table row carries besides its cells (`includeObject`).
enum TableObjectMode: String {
    case none = "None"
    case metadata = "Metadata"
    case object = "Object"
}

/// Assembles a `meta.k8s.io/v1` Table from objects and their printer.
struct TableBuilder {
    var printer: any TablePrinter
    var mode: TableObjectMode
    var now: Date

    func table(_ objects: [JSONValue], metadata: JSONObject) -> JSONValue {
        [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "metadata": .object(metadata),
            "columnDefinitions": .array(printer.columns.map(\.json)),
            "rows": .array(objects.map(row)),
        ]
    }

    private func row(_ object: JSONValue) -> JSONValue {
        var r: JSONObject = ["cells": .array(printer.cells(for: object, now: now))]
        switch mode {
        case .none: break
        case .metadata:
            r["object"] = [
                "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                "metadata": object["metadata"] ?? [:],
            ]
        case .object: r["object"] = object
        }
        return .object(r)
    }
}
