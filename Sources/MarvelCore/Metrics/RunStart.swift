import Foundation

/// `run.start`: a training run's configuration, the first line of a run.
public struct RunStart: Sendable, Equatable {
    public var run: String
    public var ts: Date
    /// The model, e.g. the MLP widths "784-300-100-10".
    public var model: String
    /// The dataset name: fashion-mnist, mnist, synthetic.
    public var dataset: String
    /// The training mode: dynhp, hp (hard pruning, fixed batch), sp (soft pruning), fedl.
    public var mode: String?
    public var lambda: Double?
    public var gamma: Double?
    public var alphaBS: Double?
    /// The memory budget in bytes.
    public var budget: Int?
    public var epochs: Int?
    public var batchSize: Int?
    public var seed: Int?
    /// Any other configuration members, kept in order.
    public var extra: JSONObject

    public init(
        run: String, ts: Date, model: String, dataset: String, mode: String? = nil, lambda: Double? = nil,
        gamma: Double? = nil, alphaBS: Double? = nil, budget: Int? = nil, epochs: Int? = nil,
        batchSize: Int? = nil, seed: Int? = nil, extra: JSONObject = JSONObject()
    ) {
        self.run = run
        self.ts = ts
        self.model = model
        self.dataset = dataset
        self.mode = mode
        self.lambda = lambda
        self.gamma = gamma
        self.alphaBS = alphaBS
        self.budget = budget
        self.epochs = epochs
        self.batchSize = batchSize
        self.seed = seed
        self.extra = extra
    }

    static let type = "run.start"
    static let knownKeys: Set<String> = [
        "type", "run", "ts", "model", "dataset", "mode", "lambda", "gamma", "alpha_bs", "budget", "epochs",
        "batch_size", "seed",
    ]

    func jsonObject() -> JSONObject {
        var b = MetricObjectBuilder(type: Self.type, run: run, ts: ts)
        b.set("model", model)
        b.set("dataset", dataset)
        b.setIfPresent("mode", mode)
        b.setIfPresent("lambda", lambda)
        b.setIfPresent("gamma", gamma)
        b.setIfPresent("alpha_bs", alphaBS)
        b.setIfPresent("budget", budget)
        b.setIfPresent("epochs", epochs)
        b.setIfPresent("batch_size", batchSize)
        b.setIfPresent("seed", seed)
        b.merge(extra)
        return b.object
    }

    init?(fields f: MetricFields, run: String, ts: Date) {
        var extra = JSONObject()
        for member in f.object where !Self.knownKeys.contains(member.key) { extra[member.key] = member.value }
        self.init(
            run: run, ts: ts, model: f.string("model") ?? "", dataset: f.string("dataset") ?? "",
            mode: f.string("mode"), lambda: f.double("lambda"), gamma: f.double("gamma"),
            alphaBS: f.double("alpha_bs"), budget: f.int("budget"), epochs: f.int("epochs"),
            batchSize: f.int("batch_size"), seed: f.int("seed"), extra: extra)
    }
}
