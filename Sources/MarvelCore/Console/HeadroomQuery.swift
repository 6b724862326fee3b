/// What the Nodes pane asks for when it shows headroom: how many more of a
/// template fit per layer in the snapshot of generation `generation`.
public struct HeadroomQuery: Sendable, Hashable {
    public var templateID: String
    /// The generation of the snapshot the answer is for (it changes only when the data does).
    public var generation: Int
    public var rules: LayerRules
    /// Counting stops here.
    public var cap: Int

    public init(templateID: String, generation: Int, rules: LayerRules = LayerRules(), cap: Int = 99) {
        self.templateID = templateID
        self.generation = generation
        self.rules = rules
        self.cap = cap
    }
}

/// The answer to a `HeadroomQuery`.
public enum HeadroomAnswer: Sendable, Equatable {
    /// Still being counted in the background: ask again on the next frame.
    case pending
    /// Per layer, the instances that fit.
    case counted([LayerHeadroom])
    /// The template could not be rendered or read (the message says why).
    case failed(String)
}
