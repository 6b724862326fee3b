import Foundation

/// Train/validation/test error fractions of a model; any may be unknown.
public struct MetricErrors: Sendable, Equatable {
    public var train: Double?
    public var val: Double?
    public var test: Double?

    public init(train: Double? = nil, val: Double? = nil, test: Double? = nil) {
        self.train = train
        self.val = val
        self.test = test
    }

    func write(into b: inout MetricObjectBuilder) {
        b.setIfPresent("train_error", train)
        b.setIfPresent("val_error", val)
        b.setIfPresent("test_error", test)
    }

    init(fields f: MetricFields) {
        self.init(train: f.double("train_error"), val: f.double("val_error"), test: f.double("test_error"))
    }
}

/// What happened to a client in a round (the console's availability strip).
public enum FedLClientStatus: String, Sendable, Equatable, CaseIterable {
    /// Its result arrived in time and was averaged.
    case answered
    /// It was asked, was still alive at the deadline, but its result had not arrived.
    case late
    /// It was asked and went silent (no result, no heartbeat): the round went on without it.
    case skipped
    /// Connected but not asked this round (the strategy did not select it).
    case idle
    /// Known from earlier rounds but not connected.
    case absent
}

/// How a client was scored by NUS (non-uniform sampling) before a round: each factor in
/// 0…1 and the value they make (README "Federated DynHP" gives the formula).
public struct FedLClientScore: Sendable, Equatable {
    /// n_k / max n: the client's share of data points.
    public var data: Double
    /// The error of the last global model it evaluated, on its own validation data.
    public var error: Double
    /// Its output layer's gradient variance relative to the largest reported.
    public var variance: Double
    /// (answered + 1) / (asked + 2): how reliably it answers.
    public var availability: Double
    /// 1 − 1/(rounds since its last merged result + 1); 1 if never merged.
    public var staleness: Double
    /// availability × (0.3 data + 0.3 error + 0.2 variance + 0.2 staleness).
    public var value: Double
    /// Whether the server asked for its result this round.
    public var requested: Bool

    public init(data: Double, error: Double, variance: Double, availability: Double, staleness: Double, value: Double,
                requested: Bool) {
        self.data = data
        self.error = error
        self.variance = variance
        self.availability = availability
        self.staleness = staleness
        self.value = value
        self.requested = requested
    }

    func jsonValue() -> JSONValue {
        var b = MetricObjectBuilder()
        b.set("data", data)
        b.set("error", error)
        b.set("variance", variance)
        b.set("availability", availability)
        b.set("staleness", staleness)
        b.set("value", value)
        b.set("requested", requested)
        return .object(b.object)
    }

    init?(json: JSONValue?) {
        guard let o = json?.objectValue else { return nil }
        let f = MetricFields(object: o)
        guard let value = f.double("value") else { return nil }
        self.init(data: f.double("data") ?? 0, error: f.double("error") ?? 0, variance: f.double("variance") ?? 0,
                  availability: f.double("availability") ?? 0, staleness: f.double("staleness") ?? 0, value: value,
                  requested: f.bool("requested") ?? true)
    }
}

/// One client's part in a federated round.
public struct FedLClient: Sendable, Equatable {
    public var id: String
    public var examples: Int
    /// Errors of the client's local model after its local training.
    public var errors: MetricErrors
    public var params: Int
    /// False when the client did not answer in time for this round.
    public var responded: Bool
    /// answered / late / skipped / idle / absent (nil from producers that only say `responded`).
    public var status: FedLClientStatus?
    /// Mean training loss of its local epochs.
    public var loss: Double?
    /// Units per gated layer of its local model (inputs first).
    public var active: [Int]?
    /// Per gated layer, the units (indices in the full network) it closed during this round's
    /// local training, before the average: how far the clients' pruning is from being in sync.
    public var closed: [[Int]]?
    /// The error of the global model it received, on its own validation data.
    public var globalValError: Double?
    /// The trace of its output layer's per-example gradient covariance.
    public var gradientVariance: Double?
    /// Its NUS score (strategy nus).
    public var score: FedLClientScore?

    public init(id: String, examples: Int, errors: MetricErrors = MetricErrors(), params: Int, responded: Bool,
                status: FedLClientStatus? = nil, loss: Double? = nil, active: [Int]? = nil, closed: [[Int]]? = nil,
                globalValError: Double? = nil, gradientVariance: Double? = nil, score: FedLClientScore? = nil) {
        self.id = id
        self.examples = examples
        self.errors = errors
        self.params = params
        self.responded = responded
        self.status = status
        self.loss = loss
        self.active = active
        self.closed = closed
        self.globalValError = globalValError
        self.gradientVariance = gradientVariance
        self.score = score
    }

    /// The status, read from `responded` when the producer gave none.
    public var effectiveStatus: FedLClientStatus { status ?? (responded ? .answered : .skipped) }

    func jsonValue() -> JSONValue {
        var b = MetricObjectBuilder()
        b.set("id", id)
        b.set("examples", examples)
        if let status { b.set("status", status.rawValue) }
        b.set("responded", responded)
        errors.write(into: &b)
        b.setIfPresent("loss", loss)
        b.set("params", params)
        if let active { b.set("active", active) }
        if let closed { b.set("closed", .array(closed.map { .array($0.map { .int($0) }) })) }
        b.setIfPresent("global_val_error", globalValError)
        b.setIfPresent("grad_variance", gradientVariance)
        if let score { b.set("score", score.jsonValue()) }
        return .object(b.object)
    }

    init?(json: JSONValue) {
        guard let o = json.objectValue else { return nil }
        let f = MetricFields(object: o)
        let id = f.string("id") ?? f.int("id").map(String.init)
        guard let id else { return nil }
        let status = f.string("status").flatMap(FedLClientStatus.init(rawValue:))
        self.init(
            id: id, examples: f.int("examples") ?? 0, errors: MetricErrors(fields: f), params: f.int("params") ?? 0,
            responded: f.bool("responded") ?? (status.map { $0 == .answered } ?? true), status: status,
            loss: f.double("loss"), active: f.ints("active"), closed: MetricFields.intLists(o["closed"]),
            globalValError: f.double("global_val_error"), gradientVariance: f.double("grad_variance"),
            score: FedLClientScore(json: o["score"]))
    }
}

/// The global model of a federated round, after averaging.
public struct FedLGlobal: Sendable, Equatable {
    public var errors: MetricErrors
    /// Its loss where the producer reports one (Flower's centralised loss).
    public var loss: Double?
    /// Weights and biases of the effective global model.
    public var params: Int
    /// Weights and biases of the network the run started from.
    public var paramsInitial: Int?
    /// Units per gated layer still alive (inputs first).
    public var active: [Int]?
    /// Per gated layer, the units (indices in the full network) that died in this round's average.
    public var pruned: [[Int]]?

    public init(errors: MetricErrors = MetricErrors(), loss: Double? = nil, params: Int, paramsInitial: Int? = nil,
                active: [Int]? = nil, pruned: [[Int]]? = nil) {
        self.errors = errors
        self.loss = loss
        self.params = params
        self.paramsInitial = paramsInitial
        self.active = active
        self.pruned = pruned
    }
}

/// `fedl.round`: one round of federated DynHP (clients and the averaged global model).
public struct FedLRound: Sendable, Equatable {
    public var run: String
    public var ts: Date
    /// 1-based round number.
    public var round: Int
    public var rounds: Int
    public var clients: [FedLClient]
    /// The global model after averaging (`global` in the line).
    public var globalModel: FedLGlobal
    /// Clients asked for a result, connected clients, and asked clients that gave none
    /// (Flower's "sampled N clients (out of M)" and "R results and F failures").
    public var sampled: Int?
    public var available: Int?
    public var failures: Int?
    /// The selection strategy: all, fraction, nus (or Flower's).
    public var strategy: String?

    public init(
        run: String, ts: Date, round: Int, rounds: Int, clients: [FedLClient], global: MetricErrors,
        globalParams: Int
    ) {
        self.init(run: run, ts: ts, round: round, rounds: rounds, clients: clients,
                  globalModel: FedLGlobal(errors: global, params: globalParams))
    }

    public init(run: String, ts: Date, round: Int, rounds: Int, clients: [FedLClient], globalModel: FedLGlobal,
                sampled: Int? = nil, available: Int? = nil, failures: Int? = nil, strategy: String? = nil) {
        self.run = run
        self.ts = ts
        self.round = round
        self.rounds = rounds
        self.clients = clients
        self.globalModel = globalModel
        self.sampled = sampled
        self.available = available
        self.failures = failures
        self.strategy = strategy
    }

    /// The global model's errors after averaging.
    public var global: MetricErrors {
        get { globalModel.errors }
        set { globalModel.errors = newValue }
    }

    public var globalParams: Int {
        get { globalModel.params }
        set { globalModel.params = newValue }
    }

    static let type = "fedl.round"

    func jsonObject() -> JSONObject {
        var b = MetricObjectBuilder(type: Self.type, run: run, ts: ts)
        b.set("round", round)
        b.set("rounds", rounds)
        b.setIfPresent("strategy", strategy)
        b.setIfPresent("sampled", sampled)
        b.setIfPresent("available", available)
        b.setIfPresent("failures", failures)
        b.set("clients", .array(clients.map { $0.jsonValue() }))
        var g = MetricObjectBuilder()
        global.write(into: &g)
        g.setIfPresent("loss", globalModel.loss)
        g.set("params", globalParams)
        g.setIfPresent("params_initial", globalModel.paramsInitial)
        if let active = globalModel.active { g.set("active", active) }
        if let pruned = globalModel.pruned { g.set("pruned", .array(pruned.map { .array($0.map { .int($0) }) })) }
        b.set("global", .object(g.object))
        return b.object
    }

    init?(fields f: MetricFields, run: String, ts: Date) {
        guard let round = f.int("round") else { return nil }
        let clients = (f.object["clients"]?.arrayValue ?? []).compactMap(FedLClient.init(json:))
        let globalObject = f.object["global"]?.objectValue ?? JSONObject()
        let global = MetricFields(object: globalObject)
        let model = FedLGlobal(
            errors: MetricErrors(fields: global), loss: global.double("loss"), params: global.int("params") ?? 0,
            paramsInitial: global.int("params_initial"), active: global.ints("active"),
            pruned: MetricFields.intLists(globalObject["pruned"]))
        self.init(
            run: run, ts: ts, round: round, rounds: f.int("rounds") ?? round, clients: clients, globalModel: model,
            sampled: f.int("sampled"), available: f.int("available"), failures: f.int("failures"),
            strategy: f.string("strategy"))
    }
}

extension MetricFields {
    /// A list of integer lists (`[[1, 2], [], [7]]`), nil when absent or malformed.
    static func intLists(_ value: JSONValue?) -> [[Int]]? {
        guard let outer = value?.arrayValue else { return nil }
        var lists: [[Int]] = []
        for item in outer {
            guard let inner = item.arrayValue else { return nil }
            var list: [Int] = []
            for v in inner {
                guard let i = v.intValue else { return nil }
                list.append(i)
            }
            lists.append(list)
        }
        return lists
    }
}
