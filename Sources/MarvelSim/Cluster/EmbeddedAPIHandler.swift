import MarvelCore
import MarvelNet

/// The embedded cluster's API: the Kubernetes API of `KubeAPIHandler`, except that
/// the log of a training pod whose trainer runs in-process is that trainer's output.
struct EmbeddedAPIHandler: ServerHandler {
    var api: KubeAPIHandler
    var training: SimTrainingSupervisor

    func handle(_ request: ServerRequest) -> ServerResponse {
        guard request.method == "GET" || request.method == "HEAD",
            case .resource(let r)? = try? APIRoute.resolve(request.path, resources: api.resources),
            r.type.name == "pods", r.subresource == "log", let name = r.name
        else { return api.handle(request) }
        do {
            return try PodLogRequest(
                store: api.store, namespace: r.namespace ?? "", pod: name, query: request.query, training: training
            ).response
        } catch {
            return error.response
        }
    }
}
