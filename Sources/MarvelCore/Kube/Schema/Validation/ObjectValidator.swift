/// The semantic checks kube-apiserver 1.30 runs on an object after decoding
/// and defaulting (`strategy.Validate`): names, replicas, selectors that
/// match template labels, containers, ports, policies, required fields.
/// Errors come in the server's order and words; a 422 Invalid lists them.
///
/// Kinds without specific rules get the metadata checks and the schema's
/// required fields, so new kinds are checked as soon as the schema has them.
public struct ObjectValidator: Sendable {
    public var schema: KubeSchema

    public init(schema: KubeSchema = .builtIn) { self.schema = schema }

    /// The errors of an object about to be created (or replaced), already defaulted.
    public func validate(_ object: JSONValue, as gvk: GroupVersionKind, namespaced: Bool) -> [FieldError] {
        let run = ValidationRun(schema: schema)
        run.objectMeta(object["metadata"], rule: NameRule.of(gvk), namespaced: namespaced, FieldPath("metadata"))
        let spec = object["spec"]
        let specPath = FieldPath("spec")
        switch (gvk.group, gvk.kind) {
        case ("", "Pod"): run.podSpec(spec, specPath)
        case ("", "Service"): run.serviceSpec(spec, specPath)
        case ("", "ConfigMap"): run.dataKeys(object, bags: ["data", "binaryData"])
        case ("", "Secret"): run.dataKeys(object, bags: ["data"])
        case ("", "Node"): run.nodeTaints(run.array(spec?["taints"]), specPath.child("taints"))
        case ("apps", "Deployment"): run.deploymentSpec(spec, specPath)
        case ("apps", "ReplicaSet"): run.replicaSetSpec(spec, specPath)
        case ("apps", "StatefulSet"): run.statefulSetSpec(spec, specPath)
        case ("apps", "DaemonSet"): run.daemonSetSpec(spec, specPath)
        case ("batch", "Job"): run.jobSpec(spec, specPath)
        case ("batch", "CronJob"): run.cronJobSpec(spec, specPath)
        default: break
        }
        if let definition = schema.definition(for: gvk) {
            run.requiredFields(object, .object(definition.name), FieldPath())
        }
        return Self.unique(run.errors)
    }

    /// The errors of replacing `old` with `object`: everything `validate` checks,
    /// plus the fields a kind never lets change.
    public func validateUpdate(_ object: JSONValue, old: JSONValue, as gvk: GroupVersionKind, namespaced: Bool)
        -> [FieldError]
    {
        let run = ValidationRun(schema: schema)
        let spec = FieldPath("spec")
        switch (gvk.group, gvk.kind) {
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "DaemonSet"):
            run.immutableSelector(object["spec"], old: old["spec"], spec)
        case ("apps", "StatefulSet"):
            var mutable = old["spec"] ?? [:]
            for field in ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"] {
                mutable[field] = object.at("spec", field)
            }
            if mutable != (object["spec"] ?? [:]) {
                run.add(
                    .forbidden(
                        spec,
                        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                            + "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"))
            }
        case ("batch", "Job"):
            run.immutableSelector(object["spec"], old: old["spec"], spec)
            if old.at("spec", "template") != object.at("spec", "template") {
                run.add(
                    FieldError(
                        kind: .invalid, field: spec.child("template"), badValue: "core.PodTemplateSpec{…}",
                        detail: "field is immutable"))
            }
        default: break
        }
        return Self.unique(validate(object, as: gvk, namespaced: namespaced) + run.errors)
    }

    private static func unique(_ errors: [FieldError]) -> [FieldError] {
        var seen = Set<String>()
        return errors.filter { seen.insert($0.description).inserted }
    }
}

extension ValidationRun {
    /// Fields the schema marks required and the validation code requires as well
    /// (strings, lists and structs that are absent or empty), outside `status`.
    func requiredFields(_ value: JSONValue, _ type: FieldType, _ path: FieldPath) {
        switch schema.resolved(type) {
        case .object(let name):
            guard let definition = schema.definitions[name], case .object(let members) = value else { return }
            for field in definition.required where !Self.requiredExceptions.contains("\(definition.goName).\(field)") {
                guard let f = definition.field(field) else { continue }
                let present = members[field]
                switch schema.resolved(f.type) {
                case .string, .array, .object:
                    let empty = present == nil || present?.stringValue == "" || present?.arrayValue?.isEmpty == true
                    if empty, !errors.contains(where: { $0.field == path.child(field).description }) {
                        add(.required(path.child(field)))
                    }
                default: break
                }
            }
            for m in members where m.key != "status" {
                if let f = definition.field(m.key) { requiredFields(m.value, f.type, path.child(m.key)) }
            }
        case .array(let element):
            for (i, item) in (value.arrayValue ?? []).enumerated() { requiredFields(item, element, path.index(i)) }
        case .map(let element):
            for m in value.objectValue ?? [:] { requiredFields(m.value, element, path.key(m.key)) }
        default:
            return
        }
    }

    /// Required in the schema but not enforced by kube-apiserver's validation.
    static let requiredExceptions: Set<String> = ["StatefulSetSpec.serviceName", "Event.metadata", "Event.involvedObject"]
}
