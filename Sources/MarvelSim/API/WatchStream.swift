import Foundation
import MarvelCore
import MarvelNet

/// Serves `?watch=1`: one JSON line `{"type","object"}` per change of the
/// watched collection, from the store's change log, until the client leaves,
/// `timeoutSeconds` passes or the cluster stops. Without a resourceVersion
/// (or with "0") the current objects come first as ADDED events. A version
/// older than the change log gets an ERROR event with a 410 Status.
struct WatchStream: Sendable {
    var store: ClusterStore
    var type: ResourceType
    var namespace: String?
    var labels: LabelSelector
    var fields: FieldSelector
    /// Watch from after this version; nil starts with the current objects.
    var startVersion: Int?
    var timeout: Double
    var bookmarks: Bool
    /// Set when the client asked for Tables: each event's object becomes a one-row Table.
    var tableMode: TableObjectMode?
    /// Turns each object into the version the client watches (a converted view), if set.
    var convert: (@Sendable (JSONValue) -> JSONValue)?

    static let bookmarkInterval = 10.0
    /// Seconds before the timeout at which the last bookmark goes out.
    static let bookmarkLead = 1.0

    init(store: ClusterStore, request: ResourceRequest, query: [String: String], tableMode: TableObjectMode?)
        throws(APIStatus)
    {
        self.store = store
        self.type = request.type
        self.namespace = request.namespace
        self.tableMode = tableMode
        labels = try LabelSelector(parsing: query["labelSelector"] ?? "")
        fields = try FieldSelector(parsing: query["fieldSelector"] ?? "", resource: request.type.name)
        let rv = query["resourceVersion"] ?? ""
        if rv.isEmpty || rv == "0" {
            startVersion = nil
        } else {
            guard let n = Int(rv), n > 0 else {
                throw .badRequest(
                    "resourceVersion: invalid value \"\(rv)\": must be a resourceVersion from a list or watch")
            }
            startVersion = n
        }
        // An integer, as the API server takes it; "nan" or "1e400" must not make a stream endless.
        let rawTimeout = query["timeoutSeconds"] ?? ""
        guard rawTimeout.isEmpty || Int(rawTimeout) != nil else {
            throw .badRequest("timeoutSeconds: invalid value \"\(rawTimeout)\": must be a whole number of seconds")
        }
        timeout = Double(min(max(Int(rawTimeout) ?? 1800, 0), 3600))
        bookmarks = query["allowWatchBookmarks"] == "true" || query["allowWatchBookmarks"] == "1"
    }

    var response: ServerResponse {
        ServerResponse(
            status: 200, headers: [("Content-Type", "application/json")], body: .stream { sink in run(sink) })
    }

    func run(_ sink: any ChunkSink) {
        let deadline = Date().addingTimeInterval(timeout)
        var version: Int
        var sentColumns = false
        func send(_ type: String, _ object: JSONValue) -> Bool {
            var payload = object
            if let mode = tableMode, type != "ERROR", type != "BOOKMARK" {
                let builder = TableBuilder(
                    printer: TablePrinters.printer(for: self.type.name), mode: mode, now: store.now)
                payload = builder.table(
                    [object], metadata: ["resourceVersion": object.at("metadata", "resourceVersion") ?? ""])
                if sentColumns { payload["columnDefinitions"] = [] }
                sentColumns = true
            } else if let convert, type != "ERROR", type != "BOOKMARK" {
                payload = convert(object)
            }
            let line: JSONValue = ["type": .string(type), "object": payload]
            return sink.write(line.jsonBytes() + [0x0A])
        }

        if let start = startVersion {
            version = start
        } else {
            let current = store.list(type.name, namespace: namespace)
            for object in current.items where matches(object) {
                guard send("ADDED", object) else { return }
            }
            version = current.resourceVersion
        }

        while !store.watchesClosed {
            guard let events = store.events(after: version) else {
                let status = APIStatus(
                    code: 410, reason: "Expired",
                    message: "too old resource version: \(version) (\(store.resourceVersion)); "
                        + "list again and watch from its resourceVersion")
                _ = send("ERROR", status.json)
                return
            }
            for event in events {
                version = event.resourceVersion
                guard event.resource == type.name, matches(event.object) else { continue }
                guard send(event.type.rawValue, event.object) else { return }
            }
            let now = Date()
            if now >= deadline { return }
            // As kube-apiserver's watch cache: a bookmark every interval, and one just before the timeout.
            let beforeEnd = deadline.addingTimeInterval(-Self.bookmarkLead)
            let wake = beforeEnd > now ? min(beforeEnd, now.addingTimeInterval(Self.bookmarkInterval)) : deadline
            if !store.waitForChange(after: version, until: wake) {
                if bookmarks, !store.watchesClosed, Date() < deadline {
                    let bookmark: JSONValue = [
                        "kind": .string(type.kind), "apiVersion": .string(type.apiVersion),
                        "metadata": ["resourceVersion": .string(String(version))],
                    ]
                    guard send("BOOKMARK", bookmark) else { return }
                } else {
                    // A quiet watch without bookmarks still notices a client that left (it
                    // would otherwise hold its slot until its timeout, up to an hour).
                    guard sink.write([]) else { return }
                }
            }
        }
    }

    private func matches(_ object: JSONValue) -> Bool {
        if let namespace, object.at("metadata", "namespace")?.stringValue != namespace { return false }
        return labels.matches(object: object) && fields.matches(object: object)
    }
}
