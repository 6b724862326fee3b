/// One definition of the Kubernetes API schema: a struct with named fields
/// (`io.k8s.api.core.v1.PodSpec`), or a one-value alias such as
/// `resource.Quantity`. Kinds carry the group-version-kinds they serve.
public struct SchemaDefinition: Sendable, Hashable {
    /// The OpenAPI name, e.g. `io.k8s.api.core.v1.PodSpec`.
    public var name: String
    public var groupVersionKinds: [GroupVersionKind]
    /// For a one-value definition (Quantity, IntOrString, Time…): its type.
    public var alias: FieldType?
    /// Fields that must be present.
    public var required: [String]
    /// Fields in schema order.
    public var fields: [SchemaField]
    /// `x-kubernetes-map-type` of the struct itself (`atomic` for selectors).
    public var mapType: String?

    private var index: [String: Int]

    public init(
        name: String, groupVersionKinds: [GroupVersionKind] = [], alias: FieldType? = nil, required: [String] = [],
        fields: [SchemaField] = [], mapType: String? = nil
    ) {
        self.name = name
        self.groupVersionKinds = groupVersionKinds
        self.alias = alias
        self.required = required
        self.fields = fields
        self.mapType = mapType
        var index: [String: Int] = [:]
        for (i, f) in fields.enumerated() { index[f.name] = i }
        self.index = index
    }

    /// The field of that JSON name, if declared.
    public func field(_ name: String) -> SchemaField? {
        index[name].map { fields[$0] }
    }

    /// The Go type name, as the API server's decoder names it: `PodSpec`.
    public var goName: String { String(name.split(separator: ".").last ?? Substring(name)) }

    /// The Go package alias and type, as Go prints it: `v1.PodSpec`, `intstr.IntOrString`.
    public var goQualifiedName: String {
        let parts = name.split(separator: ".")
        guard parts.count >= 2 else { return name }
        return "\(parts[parts.count - 2]).\(parts[parts.count - 1])"
    }
}
