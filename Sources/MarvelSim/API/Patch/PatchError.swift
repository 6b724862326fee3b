import MarvelCore

/// Why a patch cannot be applied, with the HTTP answer kube-apiserver gives
/// for it: 400 for a malformed patch, 422 for one that does not fit the
/// object, 500 for the errors the server does not classify.
struct PatchError: Error, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case badRequest
        case unprocessable
        case unclassified
    }

    var kind: Kind
    var message: String

    static func badRequest(_ message: String) -> PatchError { PatchError(kind: .badRequest, message: message) }
    static func unprocessable(_ message: String) -> PatchError { PatchError(kind: .unprocessable, message: message) }
    static func unclassified(_ message: String) -> PatchError { PatchError(kind: .unclassified, message: message) }

    /// mergepatch's error texts.
    static let badPatchFormatForPrimitiveList = badRequest("invalid patch format of primitive list")
    static let badPatchFormatForRetainKeys = badRequest("invalid patch format of retainKeys")
    static let badPatchFormatForSetElementOrderList = badRequest("invalid patch format of setElementOrder list")
    static let noListOfLists = unprocessable("lists of lists are not supported")

    static func noMergeKey(_ item: JSONValue, _ key: String) -> PatchError {
        unclassified("map: \(GoValueText.plain(item)) does not contain declared merge key: \(key)")
    }

    static func badPatchType(_ type: JSONValue, _ map: JSONValue) -> PatchError {
        unclassified("unknown patch type: \(GoValueText.plain(type)) in map: \(GoValueText.plain(map))")
    }

    /// The Status the API server answers with.
    var status: APIStatus {
        switch kind {
        case .badRequest: return .badRequest(message)
        case .unprocessable: return APIStatus(code: 422, reason: "Invalid", message: message)
        case .unclassified: return APIStatus(code: 500, reason: "InternalError", message: message)
        }
    }
}
