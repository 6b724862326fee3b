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

/// One client's part in a federated round.
public struct FedLClient: Sendable, Equatable {
    public var id: String
    public var examples: Int
    public var errors: MetricErrors
    public var params: Int
    /// False when the client did not answer in time for this round.
    public var responded: Bool

    public init(id: String, examples: Int, errors: MetricErrors = MetricErrors(), params: Int, responded: Bool) {
        self.id = id
        self.examples = examples
        self.errors = errors
        self.params = params
        self.responded = responded
    }

    func jsonValue() -> JSONValue {
        var b = MetricObjectBuilder()
        b.set("id", id)
        b.set("examples", examples)
        errors.write(into: &b)
        b.set("params", params)
        b.set("responded", responded)
        return .object(b.object)
    }

    init?(json: JSONValue) {
        guard let o = json.objectValue else { return nil }
        let f = MetricFields(object: o)
        let id = f.string("id") ?? f.int("id").map(String.init)
        guard let id else { return nil }
        self.init(
            id: id, examples: f.int("examples") ?? 0, errors: MetricErrors(fields: f), params: f.int("params") ?? 0,
            responded: f.bool("responded") ?? true)
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
    /// The global model's errors after averaging.
    public var global: MetricErrors
    public var globalParams: Int

    public init(
        run: String, ts: Date, round: Int, rounds: Int, clients: [FedLClient], global: MetricErrors,
        globalParams: Int
    ) {
        self.run = run
        self.ts = ts
        self.round = round
        self.rounds = rounds
        self.clients = clients
        self.global = global
        self.globalParams = globalParams
    }

    static let type = "fedl.round"

    func jsonObject() -> JSONObject {
        var b = MetricObjectBuilder(type: Self.type, run: run, ts: ts)
        b.set("round", round)
        b.set("rounds", rounds)
        b.set("clients", .array(clients.map { $0.jsonValue() }))
        var g = MetricObjectBuilder()
        global.write(into: &g)
        g.set("params", globalParams)
        b.set("global", .object(g.object))
        return b.object
    }

    init?(fields f: MetricFields, run: String, ts: Date) {
        guard let round = f.int("round") else { return nil }
        let clients = (f.object["clients"]?.arrayValue ?? []).compactMap(FedLClient.init(json:))
        let global = MetricFields(object: f.object["global"]?.objectValue ?? JSONObject())
        self.init(
            run: run, ts: ts, round: round, rounds: f.int("rounds") ?? round, clients: clients,
            global: MetricErrors(fields: global), globalParams: global.int("params") ?? 0)
    }
}
