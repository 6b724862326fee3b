/// The optional `placement` block of a template (a marvdash extension):
/// where its components want to run.
public struct TemplatePlacement: Sendable, Hashable {
    /// The layer the components must run in.
    public var layer: Layer?
    /// Layers preferred, best first.
    public var prefer: [Layer]
    /// Required CPU architecture (e.g. "arm64").
    public var arch: String?
    /// Required pilot site.
    public var site: String?
    /// GPUs needed per pod.
    public var gpu: Int?
    /// Taints the template's pods tolerate (`tolerate: [Layer=GRNEDGE1:NoSchedule]`): the only
    /// dedications marvdash lets them onto, besides the operator's `--tolerate`.
    public var tolerate: [PlacementToleration]

    public init(
        layer: Layer? = nil, prefer: [Layer] = [], arch: String? = nil, site: String? = nil, gpu: Int? = nil,
        tolerate: [PlacementToleration] = []
    ) {
        self.layer = layer
        self.prefer = prefer
        self.arch = arch
        self.site = site
        self.gpu = gpu
        self.tolerate = tolerate
    }

    /// A short hint for tables: "edge", "fog>cloud", "any".
    public var layerHint: String {
        if let layer { return layer.rawValue }
        if !prefer.isEmpty { return prefer.map(\.rawValue).joined(separator: ">") }
        return "any"
    }
}
