/// Where one run of a sweep stands: its instance and values, its pod (node, layer,
/// phase) and what its metrics lines say so far.
public struct SweepRunState: Sendable, Equatable {
    public var instance: String
    /// The instance's template values (the record's), e.g. LAMBDA.
    public var values: [String: String]
    /// The newest pod of the instance's Job, nil before it exists.
    public var pod: String?
    public var node: String?
    public var layer: Layer?
    /// The pod's phase ("Pending", "Running", "Succeeded", "Failed"), or "no pod yet".
    public var phase: String
    public var start: RunStart?
    public var latest: DynHPEpoch?
    public var end: RunEnd?

    public init(instance: String, values: [String: String], pod: String? = nil, node: String? = nil, layer: Layer? = nil,
                phase: String, start: RunStart? = nil, latest: DynHPEpoch? = nil, end: RunEnd? = nil) {
        self.instance = instance
        self.values = values
        self.pod = pod
        self.node = node
        self.layer = layer
        self.phase = phase
        self.start = start
        self.latest = latest
        self.end = end
    }

    /// The value of `flag` the run was deployed with (nil: the template's default).
    public func value(ofFlag flag: String) -> String? {
        SweepFlags.variable(of: flag).flatMap { values[$0] }
    }

    /// Whether the run has ended (a `run.end` line, or a pod that succeeded or failed).
    public var hasEnded: Bool { end != nil || phase == "Succeeded" || phase == "Failed" }
}
