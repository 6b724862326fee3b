/// The Kubernetes 1.30 API schema of the kinds marvdash serves: every
/// definition reachable from them, with field types and merge strategies.
/// Generated from kubernetes-validate's definitions (`make schema`).
///
///     let env = KubeSchema.builtIn.type(
///         at: ["spec", "template", "spec", "containers", "*", "env", "*", "value"],
///         in: GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))   // .string
public struct KubeSchema: Sendable {
    public let definitions: [String: SchemaDefinition]
    private let byKind: [GroupVersionKind: String]

    public init(definitions: [String: SchemaDefinition]) {
        self.definitions = definitions
        var byKind: [GroupVersionKind: String] = [:]
        for d in definitions.values.sorted(by: { $0.name < $1.name }) {
            for gvk in d.groupVersionKinds where byKind[gvk] == nil { byKind[gvk] = d.name }
        }
        self.byKind = byKind
    }

    /// Reads the generator's table format.
    public init(table: String) throws(SchemaTableError) {
        self.init(definitions: try SchemaTableParser.parse(table))
    }

    /// The schema compiled into marvdash.
    public static let builtIn: KubeSchema = {
        do {
            return try KubeSchema(table: KubeSchemaTable.text)
        } catch {
            preconditionFailure("the generated schema table is corrupt (\(error)); run make schema")
        }
    }()

    /// Every kind the schema knows, sorted.
    public var kinds: [GroupVersionKind] {
        byKind.keys.sorted { ($0.group, $0.version, $0.kind) < ($1.group, $1.version, $1.kind) }
    }

    public func definition(named name: String) -> SchemaDefinition? { definitions[name] }

    /// The definition of a kind, e.g. `io.k8s.api.apps.v1.Deployment` for apps/v1 Deployment.
    public func definition(for gvk: GroupVersionKind) -> SchemaDefinition? {
        byKind[gvk].flatMap { definitions[$0] }
    }

    /// The type of the field at `path` in an object of kind `gvk`, or nil when
    /// the schema has no such field. A path is JSON names; `*` or an index
    /// steps into an array item, any key steps into a map value:
    /// `["spec", "containers", "*", "ports", "0", "containerPort"]`.
    public func type(at path: [String], in gvk: GroupVersionKind) -> FieldType? {
        guard let root = byKind[gvk] else { return nil }
        return type(at: path, from: .object(root))
    }

    /// The type found by following `path` from a value of type `start`.
    public func type(at path: [String], from start: FieldType) -> FieldType? {
        var current = resolved(start)
        for step in path {
            switch current {
            case .array(let element):
                guard step == "*" || Int(step) != nil else { return nil }
                current = resolved(element)
            case .map(let element):
                current = resolved(element)
            case .object(let name):
                guard let field = definitions[name]?.field(step) else { return nil }
                current = resolved(field.type)
            default:
                return nil
            }
        }
        return current
    }

    /// The field declaration at the end of `path` (its patch strategy, merge key…),
    /// or nil when the path does not end at a struct's field.
    public func field(at path: [String], in gvk: GroupVersionKind) -> SchemaField? {
        guard let last = path.last, let parent = type(at: Array(path.dropLast()), in: gvk),
            case .object(let name) = parent
        else { return nil }
        return definitions[name]?.field(last)
    }

    /// A definition reference replaced by its alias type (Quantity → `.quantity`);
    /// other types as they are.
    public func resolved(_ type: FieldType) -> FieldType {
        if case .object(let name) = type, let alias = definitions[name]?.alias { return alias }
        return type
    }
}

/// The schema's field types by path, for callers that need only a type:
///
///     FieldSchema.type(at: ["spec", "template", "spec", "containers", "*", "env", "*", "value"], in: gvk)
public enum FieldSchema {
    /// The type of the field at `path` in kind `gvk` (see `KubeSchema.type(at:in:)`).
    public static func type(at path: [String], in gvk: GroupVersionKind) -> FieldType? {
        KubeSchema.builtIn.type(at: path, in: gvk)
    }

    /// The type of the field at `path` of an object with that `apiVersion` and `kind`.
    public static func type(at path: [String], apiVersion: String, kind: String) -> FieldType? {
        type(at: path, in: GroupVersionKind(apiVersion: apiVersion, kind: kind))
    }
}
