import Foundation
import MarvelCore

/// The query of a pod log request (`PodLogOptions`): which container,
/// whether to follow, the previous instance, the window (`sinceSeconds` or
/// `sinceTime`, `tailLines`), `limitBytes` and `timestamps`, checked as the
/// API server checks them.
struct LogOptions: Sendable {
    var container: String?
    var follow = false
    var previous = false
    var sinceSeconds: Int?
    var sinceTime: Date?
    var tailLines: Int?
    var limitBytes: Int?
    var timestamps = false

    /// Parses `query` for the log of pod `pod`: 400 for a value that is not a
    /// number or time, 422 (PodLogOptions invalid) for one the API refuses.
    init(query: [String: String], pod: String) throws(APIStatus) {
        func flag(_ key: String) throws(APIStatus) -> Bool {
            guard let v = query[key], !v.isEmpty else { return false }
            switch v.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: throw APIStatus.badRequest("\(key): invalid value \"\(v)\": must be true or false")
            }
        }
        func integer(_ key: String) throws(APIStatus) -> Int? {
            guard let v = query[key], !v.isEmpty else { return nil }
            guard let n = Int(v) else { throw APIStatus.badRequest("\(key): invalid value \"\(v)\": must be an integer") }
            return n
        }
        container = query["container"].flatMap { $0.isEmpty ? nil : $0 }
        follow = try flag("follow")
        previous = try flag("previous")
        timestamps = try flag("timestamps")
        sinceSeconds = try integer("sinceSeconds")
        tailLines = try integer("tailLines")
        limitBytes = try integer("limitBytes")
        if let text = query["sinceTime"], !text.isEmpty {
            guard let t = Timestamp.parse(text) else {
                throw APIStatus.badRequest(
                    "sinceTime: invalid value \"\(text)\": must be an RFC 3339 time such as 2024-05-01T10:00:00Z")
            }
            sinceTime = t
        }
        var causes: [(field: String, value: String, message: String, reason: String)] = []
        if let n = tailLines, n < 0 {
            causes.append(("tailLines", String(n), "must be greater than or equal to 0", "FieldValueInvalid"))
        }
        if let n = limitBytes, n < 1 { causes.append(("limitBytes", String(n), "must be greater than 0", "FieldValueInvalid")) }
        if sinceSeconds != nil && sinceTime != nil {
            causes.append(("", "", "at most one of `sinceTime` or `sinceSeconds` may be specified", "FieldValueForbidden"))
        } else if let n = sinceSeconds, n < 1 {
            causes.append(("sinceSeconds", String(n), "must be greater than 0", "FieldValueInvalid"))
        }
        guard causes.isEmpty else {
            // Worded as the API server's field errors ("tailLines: Invalid value: -1: …"; the
            // sinceTime/sinceSeconds clash has an empty path there, so it reads ": Forbidden: …").
            let parts = causes.map { c in
                c.reason == "FieldValueForbidden"
                    ? "\(c.field): Forbidden: \(c.message)" : "\(c.field): Invalid value: \(c.value): \(c.message)"
            }
            throw APIStatus(
                code: 422, reason: "Invalid", message: "PodLogOptions \"\(pod)\" is invalid: \(parts.joined(separator: ", "))",
                name: pod, kind: "PodLogOptions",
                causes: causes.map { ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)] })
        }
    }

    /// The earliest time a line may have to be shown, at `now`.
    func since(now: Date) -> LogTime? {
        if let sinceTime { return LogTime(sinceTime) }
        if let sinceSeconds { return LogTime(now.addingTimeInterval(-Double(sinceSeconds))) }
        return nil
    }
}
