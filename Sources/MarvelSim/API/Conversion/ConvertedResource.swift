import MarvelCore
import MarvelNet

/// Requests for a resource served in another version than it is stored in
/// (autoscaling/v1 HorizontalPodAutoscalers): the request is served by the
/// stored version, with bodies converted on the way in and out. Patches and
/// updates go through the stored version.
struct ConvertedResource {
    var request: ResourceRequest
    /// The served type objects are stored as.
    var stored: ResourceType

    /// The stored type behind `type`, when it is a converted view.
    static func storedType(of type: ResourceType, in resources: [ResourceType]) -> ResourceType? {
        guard let version = type.storageVersion else { return nil }
        return resources.first { $0.name == type.name && $0.group == type.group && $0.version == version }
    }

    func toServed(_ object: JSONValue) -> JSONValue { AutoscalerConversion.toV1(object) }
    func toStored(_ object: JSONValue) -> JSONValue { AutoscalerConversion.toV2(object) }

    /// The request for the stored version, its body converted.
    func storedRequest(_ http: ServerRequest) throws(APIStatus) -> (ResourceRequest, ServerRequest) {
        var r = request
        r.type = stored
        var converted = http
        if !http.body.isEmpty, http.method == "POST" {
            let body = try ServerSideApply.parseBody(http.body)
            converted.body = toStored(body).jsonBytes()
            converted.headers["content-type"] = "application/json"
        }
        return (r, converted)
    }

    /// Refuses what the view does not take.
    func admit(_ http: ServerRequest) throws(APIStatus) {
        guard http.method == "PATCH" || http.method == "PUT" else { return }
        throw APIStatus(
            code: 405, reason: "MethodNotAllowed",
            message: "the embedded cluster changes \(request.type.name) through \(stored.apiVersion) only: "
                + "\(http.method) /apis/\(stored.apiVersion)/… (kubectl edit, patch and apply use it by default)")
    }

    /// A JSON answer of the stored version, converted (objects, lists and watch events).
    func served(_ response: ServerResponse) -> ServerResponse {
        guard case .bytes(let body) = response.body,
            let contentType = response.headers.first(where: { $0.name.lowercased() == "content-type" })?.value,
            contentType.hasPrefix("application/json"), !contentType.contains("as=Table"),
            let json = try? JSONValue.parse(body)
        else { return response }
        var out = json
        if json["kind"]?.stringValue == stored.listKind {
            out["apiVersion"] = .string(request.type.apiVersion)
            out["items"] = .array((json["items"]?.arrayValue ?? []).map(toServed))
        } else if json["kind"]?.stringValue == stored.kind {
            out = toServed(json)
        }
        return .json(out, status: response.status, contentType: contentType)
    }
}
