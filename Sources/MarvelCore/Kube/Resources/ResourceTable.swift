import Foundation

/// One column of a resource view: its header as kubectl prints it ("READY") and
/// whether its cells sort as numbers, ages or text.
public struct ResourceColumn: Sendable, Hashable {
    /// How a column's cells compare when sorted.
    public enum Order: Sendable, Hashable {
        case text
        /// Integers (RESTARTS "3 (2m ago)" sorts by its leading 3; READY "2/3" by 2 then 3).
        case number
        /// The object's creation time (AGE), newest first when ascending as kubectl's ages read.
        case age
    }

    public var name: String
    public var order: Order

    public init(_ name: String, order: Order = .text) {
        self.name = name
        self.order = order
    }
}

/// One object's row: its identity, its cells in column order, and what the
/// view needs beyond them (creation time for a live AGE, labels).
public struct ResourceRow: Sendable, Hashable {
    /// "" for a cluster-scoped kind.
    public var namespace: String
    public var name: String
    public var cells: [String]
    public var created: Date?
    public var labels: [String: String]

    public init(namespace: String, name: String, cells: [String], created: Date?, labels: [String: String] = [:]) {
        self.namespace = namespace
        self.name = name
        self.cells = cells
        self.created = created
        self.labels = labels
    }

    /// "namespace/name", or the name of a cluster-scoped object.
    public var key: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }
}

/// What a resource view shows: kubectl's columns for the kind, from the
/// server's Table output (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`)
/// where it offers one, else kubectl's own fallback (NAME, AGE); with a NAMESPACE
/// column first when every namespace is listed, as `kubectl get -A`.
public struct ResourceTable: Sendable, Hashable {
    public var columns: [ResourceColumn]
    public var rows: [ResourceRow]
    /// True when the columns came from the server's Table (false: NAME, AGE).
    public var fromServer: Bool

    public init(columns: [ResourceColumn], rows: [ResourceRow], fromServer: Bool) {
        self.columns = columns
        self.rows = rows
        self.fromServer = fromServer
    }

    /// The index of the AGE column (its cells are recomputed at every frame).
    public var ageColumn: Int? { columns.firstIndex { $0.order == .age } }

    /// A `meta.k8s.io/v1` Table answer (rows with `includeObject=Metadata`) as a view
    /// table; nil when `answer` is not a Table (the server ignored the Accept header).
    /// Columns of priority above 0 (kubectl's `-o wide`) are left out.
    public static func parse(table answer: JSONValue, withNamespace: Bool) -> ResourceTable? {
        guard answer["kind"]?.stringValue == "Table", let definitions = answer["columnDefinitions"]?.arrayValue else { return nil }
        let shown = definitions.indices.filter { (definitions[$0]["priority"]?.intValue ?? 0) == 0 }
        var columns = shown.map { i -> ResourceColumn in
            let name = (definitions[i]["name"]?.stringValue ?? "").uppercased()
            let type = definitions[i]["type"]?.stringValue ?? "string"
            let order: ResourceColumn.Order = name == "AGE" ? .age : (type == "integer" || type == "number" ? .number : Self.guessOrder(name))
            return ResourceColumn(name, order: order)
        }
        if withNamespace { columns.insert(ResourceColumn("NAMESPACE"), at: 0) }
        let rows = (answer["rows"]?.arrayValue ?? []).map { row -> ResourceRow in
            let cells = row["cells"]?.arrayValue ?? []
            let metadata = row.at("object", "metadata") ?? .null
            var texts = shown.map { i in i < cells.count ? Self.cellText(cells[i]) : "" }
            let namespace = metadata["namespace"]?.stringValue ?? ""
            if withNamespace { texts.insert(namespace, at: 0) }
            let nameIndex = columns.firstIndex { $0.name == "NAME" }
            let name = metadata["name"]?.stringValue ?? nameIndex.map { texts[$0] } ?? ""
            return ResourceRow(
                namespace: namespace, name: name, cells: texts, created: Self.created(metadata), labels: Self.labels(metadata))
        }
        return ResourceTable(columns: columns, rows: rows, fromServer: true)
    }

    /// kubectl's fallback when the server offers no Table: NAME and AGE of each object.
    public static func fallback(objects: [JSONValue], withNamespace: Bool, now: Date) -> ResourceTable {
        var columns = [ResourceColumn("NAME"), ResourceColumn("AGE", order: .age)]
        if withNamespace { columns.insert(ResourceColumn("NAMESPACE"), at: 0) }
        let rows = objects.map { object -> ResourceRow in
            let metadata = object["metadata"] ?? .null
            let namespace = metadata["namespace"]?.stringValue ?? ""
            let name = metadata["name"]?.stringValue ?? ""
            let created = Self.created(metadata)
            var cells = [name, created.map { HumanDuration.format(seconds: now.timeIntervalSince($0)) } ?? "<unknown>"]
            if withNamespace { cells.insert(namespace, at: 0) }
            return ResourceRow(namespace: namespace, name: name, cells: cells, created: created, labels: Self.labels(metadata))
        }
        return ResourceTable(columns: columns, rows: rows, fromServer: false)
    }

    /// Headers kubectl prints that hold counts though the Table types them as strings.
    static func guessOrder(_ name: String) -> ResourceColumn.Order {
        ["READY", "RESTARTS", "DESIRED", "CURRENT", "UP-TO-DATE", "AVAILABLE", "COMPLETIONS", "DATA", "COUNT", "ACTIVE"].contains(name)
            ? .number : .text
    }

    static func cellText(_ cell: JSONValue) -> String {
        switch cell {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "<none>"
        default: return cell.jsonString()
        }
    }

    static func created(_ metadata: JSONValue) -> Date? {
        metadata["creationTimestamp"]?.stringValue.flatMap(Timestamp.parse)
    }

    static func labels(_ metadata: JSONValue) -> [String: String] {
        var out: [String: String] = [:]
        for member in metadata["labels"]?.objectValue ?? JSONObject() {
            if let value = member.value.stringValue { out[member.key] = value }
        }
        return out
    }
}
