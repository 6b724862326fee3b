import Foundation
import MarvelCore
import MarvelNet

/// The Kubernetes REST API over a `ClusterStore`: discovery, health checks,
/// and get/list/watch of the served resources as JSON or, when the client's
/// Accept asks for it, as `meta.k8s.io/v1` Tables.
public struct KubeAPIHandler: ServerHandler {
    public let store: ClusterStore
    public let resources: [ResourceType]

    public init(store: ClusterStore, resources: [ResourceType] = ResourceType.served) {
        self.store = store
        self.resources = resources
    }

    public func handle(_ request: ServerRequest) -> ServerResponse {
        do {
            return try route(request)
        } catch {
            return error.response
        }
    }

    private func route(_ request: ServerRequest) throws(APIStatus) -> ServerResponse {
        let route = try APIRoute.resolve(request.path, resources: resources)
        if case .resource(let r) = route, let stored = ConvertedResource.storedType(of: r.type, in: resources) {
            let view = ConvertedResource(request: r, stored: stored)
            try view.admit(request)
            let (storedRequest, converted) = try view.storedRequest(request)
            return view.served(try resource(storedRequest, request: converted, convert: view.toServed))
        }
        if case .resource(let r) = route, request.method != "GET", request.method != "HEAD" {
            return try write(r, request: request)
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            throw .methodNotAllowed(request.method, path: request.path)
        }
        let discovery = Discovery(resources: resources)
        switch route {
        case .version: return .json(Discovery.version)
        case .coreVersions: return .json(Discovery.coreVersions(host: request.headers["host"] ?? "127.0.0.1"))
        case .coreResources: return .json(discovery.resourceList(group: "", version: "v1"))
        case .groups: return .json(discovery.groups)
        case .groupVersionResources(let g, let v): return .json(discovery.resourceList(group: g, version: v))
        case .health: return .text("ok")
        case .openAPIv3(let subpath):
            let openAPI = OpenAPIv3(resources: resources)
            if subpath.isEmpty { return .json(openAPI.index) }
            guard let document = openAPI.document(subpath) else { throw APIStatus.pathNotFound(request.path) }
            return .json(document)
        case .openAPIv2: return OpenAPIv2(resources: resources).response(accept: request.headers["accept"])
        case .resource(let r):
            return try resource(r, request: request)
        }
    }

    /// A request for objects: reads here, writes through `write`; `convert` turns
    /// watched objects into the version the client asked for.
    private func resource(
        _ r: ResourceRequest, request: ServerRequest, convert: (@Sendable (JSONValue) -> JSONValue)? = nil
    ) throws(APIStatus) -> ServerResponse {
        if request.method != "GET" && request.method != "HEAD" { return try write(r, request: request) }
        if r.subresource == "scale", ScaleSubresource.resources.contains(r.type.name), let name = r.name {
            return try ScaleSubresource(store: store, type: r.type, namespace: r.namespace ?? "", name: name).get()
        }
        if let sub = r.subresource, r.type.name == ResourceType.pods.name, let name = r.name,
            ContainerStreams.subresources.contains(sub)
        {
            throw ContainerStreams.refusal(sub, store: store, namespace: r.namespace ?? "", pod: name)
        }
        guard r.type.persisted else { throw .methodNotAllowed(request.method, path: request.path) }
        if let sub = r.subresource {
            guard sub == "log", r.type.name == "pods", let name = r.name else {
                throw APIStatus.pathNotFound(request.path)
            }
            return try PodLogRequest(store: store, namespace: r.namespace ?? "", pod: name, query: request.query)
                .response
        }
        if let name = r.name { return try get(r, name: name, request: request) }
        return try list(r, request: request, convert: convert)
    }

    /// POST to a collection, DELETE or PATCH of one object; protobuf bodies read, namespace lifecycle first.
    private func write(_ r: ResourceRequest, request original: ServerRequest) throws(APIStatus) -> ServerResponse {
        var request = original
        if (request.headers["content-type"] ?? "").lowercased().hasPrefix(ProtobufBody.contentType) {
            request.body = try ProtobufBody.decode(request.body, as: r.type).jsonBytes()
            request.headers["content-type"] = "application/json"
        }
        let lifecycle = NamespaceLifecycle(store: store)
        if r.type.name == ResourceType.namespaces.name, request.method == "DELETE", let name = r.name, r.subresource == nil {
            return try lifecycle.delete(name, dryRun: Self.isDryRun(request))
        }
        if r.type.namespaced, let ns = r.namespace, lifecycle.creates(r, request) {
            let name = r.name ?? ((try? ServerSideApply.parseBody(request.body))?.at("metadata", "name")?.stringValue ?? "")
            try lifecycle.admitCreate(resource: r.type.name, objectName: name, namespace: ns)
        }
        let response = try dispatchWrite(r, request: request)
        if r.type.name == ResourceType.namespaces.name, response.status == 201, !Self.isDryRun(request),
            let name = r.name ?? Self.createdName(response)
        {
            ServiceAccounts(store: store).ensureDefault(in: name)
        }
        return response
    }

    /// The name of the object a 201 answer carries.
    private static func createdName(_ response: ServerResponse) -> String? {
        guard case .bytes(let body) = response.body else { return nil }
        return (try? JSONValue.parse(body))?.at("metadata", "name")?.stringValue
    }

    private func dispatchWrite(_ r: ResourceRequest, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        if r.subresource == "scale", ScaleSubresource.resources.contains(r.type.name), let name = r.name,
            request.method == "PATCH" || request.method == "PUT"
        {
            return try ScaleSubresource(store: store, type: r.type, namespace: r.namespace ?? "", name: name)
                .update(request)
        }
        if r.type.name == ResourceType.pods.name, let sub = r.subresource, let name = r.name {
            let namespace = r.namespace ?? ""
            if ContainerStreams.subresources.contains(sub) {
                throw ContainerStreams.refusal(sub, store: store, namespace: namespace, pod: name)
            }
            if sub == "eviction", request.method == "POST" {
                return try PodEviction(store: store, namespace: namespace, name: name).evict(request)
            }
        }
        guard r.subresource == nil else { throw .methodNotAllowed(request.method, path: request.path) }
        if !r.type.persisted {
            guard request.method == "POST", r.name == nil else { throw .methodNotAllowed(request.method, path: request.path) }
            return try AccessReviews(type: r.type).answer(request)
        }
        switch (request.method, r.name) {
        case ("POST", nil): return try create(r, request: request)
        case ("DELETE", let name?): return try delete(r, name: name, request: request)
        case ("PATCH", let name?): return try patch(r, name: name, request: request)
        case ("PUT", let name?): return try update(r, name: name, request: request)
        default: throw .methodNotAllowed(request.method, path: request.path)
        }
    }

    // MARK: get

    private func get(_ r: ResourceRequest, name: String, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        guard let object = store.get(r.type.name, namespace: r.namespace ?? "", name: name) else {
            throw APIStatus.notFound(resource: r.type.name, name: name)
        }
        if let mode = try tableMode(request) {
            let rv = object.at("metadata", "resourceVersion") ?? ""
            return table([object], of: r.type, mode: mode, metadata: ["resourceVersion": rv])
        }
        return .json(object)
    }

    // MARK: list

    private func list(
        _ r: ResourceRequest, request: ServerRequest, convert: (@Sendable (JSONValue) -> JSONValue)? = nil
    ) throws(APIStatus) -> ServerResponse {
        if let watch = request.query["watch"], watch == "1" || watch == "true" {
            var stream = try WatchStream(store: store, request: r, query: request.query, tableMode: tableMode(request))
            stream.convert = convert
            return stream.response
        }
        let labels = try LabelSelector(parsing: request.query["labelSelector"] ?? "")
        let fields = try FieldSelector(parsing: request.query["fieldSelector"] ?? "", resource: r.type.name)
        let page = try ListPage(
            store: store, resource: r.type.name, namespace: r.namespace,
            filter: { labels.matches(object: $0) && fields.matches(object: $0) },
            filtered: !labels.isEmpty || !fields.isEmpty,
            limit: request.query["limit"], continueToken: request.query["continue"])

        var metadata: JSONObject = ["resourceVersion": .string(String(page.resourceVersion))]
        if let token = page.continueToken { metadata["continue"] = .string(token) }
        if let remaining = page.remainingItemCount { metadata["remainingItemCount"] = .int(remaining) }

        if let mode = try tableMode(request) {
            return table(page.items, of: r.type, mode: mode, metadata: metadata)
        }
        // Assembled from the texts the store keeps: a page of 500 pods is copied, not encoded.
        let envelope: JSONValue = [
            "kind": .string(r.type.listKind), "apiVersion": .string(r.type.apiVersion),
            "metadata": .object(metadata), "items": [],
        ]
        return ServerResponse(
            status: 200, headers: [("Content-Type", "application/json")],
            body: .bytes(ListItemText.list(envelope: envelope, items: page.texts)))
    }

    // MARK: tables

    /// The Table row-object mode when the client's Accept asks for a Table; nil for plain JSON.
    private func tableMode(_ request: ServerRequest) throws(APIStatus) -> TableObjectMode? {
        guard let accept = request.headers["accept"], accept.contains("as=Table") else { return nil }
        let raw = request.query["includeObject"] ?? "Metadata"
        guard let mode = TableObjectMode(rawValue: raw) else {
            throw .badRequest("includeObject: unsupported value \"\(raw)\" (use None, Metadata or Object)")
        }
        return mode
    }

    private func table(_ objects: [JSONValue], of type: ResourceType, mode: TableObjectMode, metadata: JSONObject)
        -> ServerResponse
    {
        let builder = TableBuilder(printer: TablePrinters.printer(for: type.name), mode: mode, now: store.now)
        return .json(
            builder.table(objects, metadata: metadata), contentType: "application/json;as=Table;v=v1;g=meta.k8s.io")
    }
}
