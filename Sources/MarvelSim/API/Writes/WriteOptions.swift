import MarvelCore
import MarvelNet

/// How the server treats unknown and duplicate fields (`?fieldValidation=`).
enum FieldValidationMode: String, Sendable {
    /// Dropped silently.
    case ignore = "Ignore"
    /// Dropped, and each named in a `Warning:` header (the default).
    case warn = "Warn"
    /// The write fails with 400 (kubectl's default for create, apply and replace).
    case strict = "Strict"
}

/// The query options of a write (CreateOptions, UpdateOptions, PatchOptions),
/// checked as ValidateCreateOptions & co. check them.
struct WriteOptions {
    var fieldValidation: FieldValidationMode
    var dryRun: Bool
    var fieldManager: String?
    var force: Bool?

    /// `CreateOptions`, `UpdateOptions` or `PatchOptions`; `applyPatch` for server-side apply.
    init(_ request: ServerRequest, kind: String, applyPatch: Bool = false) throws(APIStatus) {
        var errors: [FieldError] = []
        let validation = request.query["fieldValidation"] ?? ""
        if validation.isEmpty {
            fieldValidation = .warn
        } else if let mode = FieldValidationMode(rawValue: validation) {
            fieldValidation = mode
        } else {
            fieldValidation = .warn
            errors.append(.notSupported(FieldPath("fieldValidation"), .string(validation), ["", "Ignore", "Strict", "Warn"]))
        }
        let dry = request.query["dryRun"] ?? ""
        dryRun = dry == "All"
        if !dry.isEmpty && dry != "All" {
            errors.append(.notSupported(FieldPath("dryRun"), .string(dry), ["All"]))
        }
        fieldManager = request.query["fieldManager"]
        if let manager = fieldManager, manager.utf8.count > 128 {
            errors.append(.tooLong(FieldPath("fieldManager"), maxBytes: 128))
        }
        force = request.query["force"].map { $0 == "true" || $0 == "1" }
        if kind == "PatchOptions" {
            if applyPatch {
                if (fieldManager ?? "").isEmpty { errors.append(.required(FieldPath("fieldManager"), "is required for apply patch")) }
            } else if force != nil {
                errors.append(.forbidden(FieldPath("force"), "may not be specified for non-apply patch"))
            }
        }
        if !errors.isEmpty {
            throw APIStatus.invalid(kind: kind, group: "meta.k8s.io", name: "", errors: errors)
        }
    }
}

extension APIStatus {
    /// 422 Invalid as `errors.NewInvalid` builds it: `Kind.group "name" is invalid: …` with a cause per field.
    static func invalid(kind: String, group: String, name: String, errors: [FieldError]) -> APIStatus {
        let qualified = group.isEmpty ? kind : "\(kind).\(group)"
        let summary = errors.isEmpty ? "" : ": " + FieldError.aggregate(errors)
        var status = APIStatus(
            code: 422, reason: "Invalid", message: "\(qualified) \(GoValueText.quoted(name)) is invalid\(summary)",
            name: name, kind: kind,
            causes: errors.map {
                ["reason": .string($0.kind.rawValue), "message": .string($0.body), "field": .string($0.field)]
            })
        status.group = group.isEmpty ? nil : group
        return status
    }
}

extension ServerResponse {
    /// The response with one `Warning: 299 - "…"` header per warning, as kube-apiserver sends them.
    func withWarnings(_ warnings: [String]) -> ServerResponse {
        var r = self
        for w in warnings {
            let escaped = w.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            r.headers.append((name: "Warning", value: "299 - \"\(escaped)\""))
        }
        return r
    }
}
