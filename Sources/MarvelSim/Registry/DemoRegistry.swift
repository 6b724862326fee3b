import Foundation
import MarvelCore
import MarvelNet
import Synchronization

/// The embedded cluster's image registry: the read side of the Docker
/// Registry HTTP API v2 over `DemoRegistryContent` — `/v2/`, the catalogue
/// and tag lists (paged with `n`, `last` and a `Link` header), manifests and
/// config blobs by tag or digest (GET and HEAD, with `Docker-Content-Digest`).
/// It is read-only: DELETE and uploads get 405 UNSUPPORTED, as a registry with
/// deletes disabled answers. The content is built on the first request, so
/// the cluster starts as fast as before.
public final class DemoRegistry: Sendable {
    private let build: @Sendable () -> DemoImageCatalog
    private let content = Mutex<DemoRegistryContent?>(nil)

    /// `catalog` names the images (default: the installed template catalogue's).
    init(catalog: @escaping @Sendable () -> DemoImageCatalog = { DemoImageCatalog.fromInstalledCatalogue() }) {
        build = catalog
    }

    /// Whether `path` belongs to the registry API.
    static func handles(_ path: String) -> Bool { path == "/v2" || path.hasPrefix("/v2/") }

    private var current: DemoRegistryContent {
        content.withLock { built in
            if let built { return built }
            let made = DemoRegistryContent(catalog: build())
            built = made
            return made
        }
    }

    func handle(_ request: ServerRequest) -> ServerResponse {
        let path = request.path
        if path == "/v2" || path == "/v2/" {
            return json(200, [:])
        }
        if request.method != "GET" && request.method != "HEAD" {
            return error(405, "UNSUPPORTED", "the demo registry is read-only: \(request.method) is not supported")
        }
        let content = current
        if path == "/v2/_catalog" {
            return page(content.repositories, key: "repositories", base: "/v2/_catalog", query: request.query, extra: [:])
        }
        let rest = String(path.dropFirst(4))  // after "/v2/"
        for (marker, kind) in [("/tags/list", "tags"), ("/manifests/", "manifests"), ("/blobs/", "blobs")] {
            guard let range = rest.range(of: marker, options: .backwards) else { continue }
            let repository = String(rest[..<range.lowerBound])
            let argument = String(rest[range.upperBound...])
            guard let tags = content.tags[repository] else {
                return error(404, "NAME_UNKNOWN", "repository name not known to registry", detail: ["name": .string(repository)])
            }
            switch kind {
            case "tags":
                guard argument.isEmpty else { break }
                let names = tags.keys.sorted()
                return page(names, key: "tags", base: "/v2/\(repository)/tags/list", query: request.query, extra: ["name": .string(repository)])
            case "manifests":
                guard let (digest, document) = content.manifest(repository, reference: argument) else {
                    return error(404, "MANIFEST_UNKNOWN", "manifest unknown", detail: ["Tag": .string(argument)])
                }
                return serve(document, digest: digest)
            default:
                guard let blob = content.blob(repository, digest: argument) else {
                    return error(404, "BLOB_UNKNOWN", "blob unknown to registry (the demo registry serves manifests and configs, not layers)")
                }
                return serve(blob, digest: argument)
            }
        }
        return error(404, "NAME_UNKNOWN", "no such registry path \(path)")
    }

    /// One page of `names` after `last`, `n` long (all when no `n`), with a Link to the next.
    private func page(_ names: [String], key: String, base: String, query: [String: String], extra: JSONObject) -> ServerResponse {
        var rest = names
        if let last = query["last"], !last.isEmpty { rest = names.filter { $0 > last } }
        var headers: [(name: String, value: String)] = []
        if let n = query["n"].flatMap(Int.init), n >= 0, rest.count > n {
            rest = Array(rest.prefix(n))
            let last = rest.last.map { PageLinkEscaping.query($0) } ?? ""
            headers.append(("Link", "<\(base)?last=\(last)&n=\(n)>; rel=\"next\""))
        }
        var body = extra
        body[key] = .array(rest.map(JSONValue.string))
        var response = json(200, .object(body))
        response.headers += headers
        return response
    }

    /// A manifest or blob; for HEAD the server sends the same headers (Content-Length included) and no body.
    private func serve(_ document: DemoRegistryContent.Document, digest: String) -> ServerResponse {
        ServerResponse(
            status: 200,
            headers: [
                ("Content-Type", document.mediaType), ("Docker-Content-Digest", digest), ("Docker-Distribution-Api-Version", "registry/2.0"),
                ("Etag", "\"\(digest)\""),
            ],
            body: .bytes(document.bytes))
    }

    private func json(_ status: Int, _ value: JSONValue) -> ServerResponse {
        ServerResponse(
            status: status,
            headers: [("Content-Type", "application/json; charset=utf-8"), ("Docker-Distribution-Api-Version", "registry/2.0")],
            body: .bytes(value.jsonBytes()))
    }

    private func error(_ status: Int, _ code: String, _ message: String, detail: JSONObject = [:]) -> ServerResponse {
        let body: JSONValue = ["errors": [["code": .string(code), "message": .string(message), "detail": .object(detail)]]]
        return json(status, body)
    }
}

/// Percent-encoding for the `last` value of a Link.
enum PageLinkEscaping {
    static func query(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// The embedded cluster's server: `/v2/…` goes to the demo registry, everything else to the Kubernetes API.
struct RegistryRoutingHandler: ServerHandler {
    var registry: DemoRegistry
    var api: any ServerHandler

    func handle(_ request: ServerRequest) -> ServerResponse {
        DemoRegistry.handles(request.path) ? registry.handle(request) : api.handle(request)
    }
}
