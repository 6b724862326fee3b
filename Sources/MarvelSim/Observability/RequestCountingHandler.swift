import MarvelCore
import MarvelNet

/// Counts every request into `APIRequestMetrics` with kube-apiserver's verb
/// names (LIST and WATCH for collections, GET, POST, PATCH, APPLY, DELETE, …)
/// and tracks streamed answers as long-running while they last; serves the
/// counts at `GET /metrics`.
struct RequestCountingHandler: ServerHandler {
    var metrics: APIRequestMetrics
    var resources: [ResourceType]
    var next: any ServerHandler

    func handle(_ request: ServerRequest) -> ServerResponse {
        let labels = Self.labels(request, resources: resources)
        if request.path == "/metrics" && (request.method == "GET" || request.method == "HEAD") {
            metrics.record(labels, code: 200)
            return ServerResponse(
                status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                body: .bytes(Array(metrics.prometheusText().utf8)))
        }
        var response = next.handle(request)
        metrics.record(labels, code: response.status)
        if case .stream(let produce) = response.body {
            let metrics = self.metrics
            response.body = .stream { sink in
                metrics.longRunning(labels, delta: 1)
                defer { metrics.longRunning(labels, delta: -1) }
                produce(sink)
            }
        }
        return response
    }

    /// The labels kube-apiserver would give `request`.
    static func labels(_ request: ServerRequest, resources: [ResourceType]) -> APIRequestMetrics.Labels {
        let method = request.method.uppercased()
        guard case .resource(let r)? = try? APIRoute.resolve(request.path, resources: resources) else {
            // Non-resource paths (discovery, health, /metrics): the path stands in the subresource label.
            return .init(verb: method, group: "", version: "", resource: "", subresource: request.path, scope: "")
        }
        let verb: String
        switch method {
        case "GET", "HEAD":
            let watch = request.query["watch"] == "1" || request.query["watch"] == "true"
            verb = watch ? "WATCH" : (r.name == nil ? "LIST" : "GET")
        case "PATCH":
            verb = (request.headers["content-type"] ?? "").contains("apply-patch") ? "APPLY" : "PATCH"
        case "DELETE":
            verb = r.name == nil ? "DELETECOLLECTION" : "DELETE"
        default:
            verb = method
        }
        let scope = r.name != nil ? "resource" : (r.namespace != nil ? "namespace" : "cluster")
        return .init(
            verb: verb, group: r.type.group, version: r.type.version, resource: r.type.name, subresource: r.subresource ?? "",
            scope: scope)
    }
}
