import Foundation
import MarvelCore

/// The opaque `continue` token of a paginated list: base64 of a small JSON
/// object naming the list's resourceVersion and the last key returned.
struct ContinueToken: Equatable {
    var resourceVersion: Int
    var lastKey: ObjectKey

    var encoded: String {
        let json: JSONValue = [
            "v": "meta.k8s.io/v1", "rv": .int(resourceVersion),
            "ns": .string(lastKey.namespace), "start": .string(lastKey.name),
        ]
        return Data(json.jsonBytes()).base64EncodedString()
    }

    init(resourceVersion: Int, lastKey: ObjectKey) {
        self.resourceVersion = resourceVersion
        self.lastKey = lastKey
    }

    init(decoding token: String) throws(APIStatus) {
        let invalid = APIStatus.badRequest(
            "continue key is not valid: \"\(token.prefix(40))\" is not a token this server issued; "
                + "restart the list without `continue`")
        guard let data = Data(base64Encoded: token), let json = try? JSONValue.parse(Array(data)),
            json["v"]?.stringValue == "meta.k8s.io/v1", let rv = json["rv"]?.intValue,
            let ns = json["ns"]?.stringValue, let name = json["start"]?.stringValue
        else { throw invalid }
        self.init(resourceVersion: rv, lastKey: ObjectKey(namespace: ns, name: name))
    }
}
