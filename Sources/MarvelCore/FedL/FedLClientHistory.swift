/// What the server remembers of a client across rounds (saved in checkpoints): its data size,
/// the model metrics it last reported, and its availability, training and merging history —
/// the inputs of NUS.
public struct FedLClientHistory: Sendable, Equatable {
    public var examples: Int
    /// Rounds it was asked for a result, answered in time, went silent, answered late.
    public var asked: Int = 0
    public var answered: Int = 0
    public var skipped: Int = 0
    public var late: Int = 0
    /// The last round its result was averaged into the global model (0: never).
    public var lastMergedRound: Int = 0
    /// The error of the last global model it evaluated on its own validation data.
    public var globalValError: Double?
    /// Its last reported output-layer gradient variance.
    public var gradientVariance: Double?

    public init(examples: Int) { self.examples = examples }

    var json: JSONObject {
        var o: JSONObject = [
            "examples": .int(examples), "asked": .int(asked), "answered": .int(answered), "skipped": .int(skipped),
            "late": .int(late), "last_merged_round": .int(lastMergedRound),
        ]
        if let e = globalValError { o["global_val_error"] = .double(e) }
        if let v = gradientVariance { o["grad_variance"] = .double(v) }
        return o
    }

    init?(json: JSONObject) {
        guard let examples = json["examples"]?.intValue else { return nil }
        self.init(examples: examples)
        asked = json["asked"]?.intValue ?? 0
        answered = json["answered"]?.intValue ?? 0
        skipped = json["skipped"]?.intValue ?? 0
        late = json["late"]?.intValue ?? 0
        lastMergedRound = json["last_merged_round"]?.intValue ?? 0
        globalValError = json["global_val_error"]?.doubleValue
        gradientVariance = json["grad_variance"]?.doubleValue
    }
}
