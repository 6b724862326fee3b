/// The checks a rendered template goes through before anything is sent: each
/// object read as kube-apiserver 1.30 reads a create, against the schema
/// compiled into marvdash — an apiVersion Kubernetes no longer serves (with
/// the one to use), a kind its group does not have, values of the wrong type
/// (the server's own words), unknown fields (warnings, as the server warns),
/// then defaulting and the server's validation (required fields, names,
/// selectors, ports, …). Findings point at the template's file:line:col.
/// Objects of groups the schema does not know (custom resources) pass
/// untouched: only their cluster can check them.
public struct ManifestPreflight: Sendable {
    public var schema: KubeSchema
    /// The namespace namespaced objects without one will be created in.
    public var namespace: String

    public init(schema: KubeSchema = .builtIn, namespace: String = "default") {
        self.schema = schema
        self.namespace = namespace
    }

    /// Kinds that live outside namespaces (the rest are namespaced).
    static let clusterScoped: Set<String> = [
        "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "PriorityClass", "IngressClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "CSIDriver", "CSINode",
        "VolumeAttachment", "RuntimeClass", "APIService", "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration",
    ]

    /// The findings for rendered documents of `file`: each the YAML node as rendered (its
    /// marks are the template's) and the object it became.
    public func check(_ documents: [(node: YAMLNode, object: JSONValue)], file: String) -> [TemplateDiagnostic] {
        documents.flatMap { check($0.node, $0.object, file: file) }
    }

    func check(_ node: YAMLNode, _ object: JSONValue, file: String) -> [TemplateDiagnostic] {
        guard let apiVersion = object["apiVersion"]?.stringValue, let kind = object["kind"]?.stringValue else { return [] }
        let label = "\(kind)/\(object.at("metadata", "name")?.stringValue ?? "")"
        func finding(_ path: String, _ message: String, severity: TemplateDiagnostic.Severity = .error) -> TemplateDiagnostic {
            TemplateDiagnostic(file: file, mark: Self.mark(of: path, in: node), severity: severity, message: "\(label): \(message)")
        }
        if let removal = RemovedAPIVersions.removal(apiVersion: apiVersion, kind: kind) {
            return [finding("apiVersion", removal.message)]
        }
        let gvk = GroupVersionKind(apiVersion: apiVersion, kind: kind)
        guard schema.definition(for: gvk) != nil else {
            return unknownKind(gvk).map { [finding("kind", $0)] } ?? []
        }
        guard let decoded = SchemaDecoder(schema: schema, dialect: .json).decode(object, as: gvk) else { return [] }
        var out: [TemplateDiagnostic] = []
        for field in decoded.unknownFields {
            out.append(
                finding(
                    field, "unknown field \"\(field)\" — the API server drops it (kubectl --validate=strict refuses it); check the spelling",
                    severity: .warning))
        }
        if let error = decoded.typeErrors.first {
            out.append(finding(error.path, "\(error.path): \(error.message) — the API server refuses the object; write the value as the field's type"))
            return out
        }
        var checked = decoded.object
        let namespaced = !Self.clusterScoped.contains(kind)
        if namespaced, (checked.at("metadata", "namespace")?.stringValue ?? "").isEmpty {
            checked["metadata"]?["namespace"] = .string(namespace)
        }
        checked = SchemaDefaulter(schema: schema).apply(checked, as: gvk)
        for error in ObjectValidator(schema: schema).validate(checked, as: gvk, namespaced: namespaced) {
            out.append(finding(error.field, "\(error.description) — the API server refuses the object (422 Invalid)"))
        }
        return out
    }

    /// Why `gvk` is wrong when its group is one Kubernetes serves, nil for other groups (custom resources).
    func unknownKind(_ gvk: GroupVersionKind) -> String? {
        let sameGroup = schema.kinds.filter { $0.group == gvk.group }
        guard !sameGroup.isEmpty else { return nil }
        let sameVersion = sameGroup.filter { $0.version == gvk.version }
        if sameVersion.isEmpty {
            let versions = Set(sameGroup.map(\.apiVersion)).sorted().joined(separator: ", ")
            return "\(gvk.apiVersion) is not served by Kubernetes 1.30 — the group serves \(versions)"
        }
        return "\(gvk.apiVersion) has no kind \(gvk.kind) — it serves \(sameVersion.map(\.kind).joined(separator: ", "))"
    }

    /// Where the field at `path` (`spec.containers[0].env[1].value`, `metadata.labels[app]`,
    /// `metadata.labels.app.kubernetes.io/name`) is written in `node`; for a field that is
    /// not there (a required one), the deepest part of the path that is.
    static func mark(of path: String, in node: YAMLNode) -> SourceMark {
        var current = node
        var rest = Substring(path)
        while !rest.isEmpty {
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            switch current.kind {
            case .sequence(let items):
                guard rest.hasPrefix("["), let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]), items.indices.contains(index)
                else { return current.mark }
                current = items[index]
                rest = rest[rest.index(after: close)...]
            case .mapping(let pairs):
                var bracketed = false
                if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    let key = rest[rest.index(after: rest.startIndex)..<close]
                    if let pair = pairs.first(where: { $0.key.scalar.map { $0[...] == key } ?? false }) {
                        current = pair.value
                        rest = rest[rest.index(after: close)...]
                        bracketed = true
                    }
                }
                if bracketed { continue }
                // The longest key the path starts with (keys may hold dots: app.kubernetes.io/name).
                let match = pairs.compactMap { pair -> (YAMLPair, Int)? in
                    guard let key = pair.key.scalar, rest.hasPrefix(key) else { return nil }
                    let after = rest.dropFirst(key.count)
                    return after.isEmpty || after.hasPrefix(".") || after.hasPrefix("[") ? (pair, key.count) : nil
                }.max { $0.1 < $1.1 }
                guard let (pair, length) = match else { return current.mark }
                current = pair.value
                rest = rest.dropFirst(length)
            case .scalar:
                return current.mark
            }
        }
        return current.mark
    }
}
