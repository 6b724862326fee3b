/// Everything that defines a federated DynHP run on the server side: the DynHP settings every
/// client trains with (`trainer`, whose `epochs` are the local epochs per round and whose
/// `widths` are the global model's), the rounds and their quorum, client selection,
/// weighting, privacy and the timeouts.
public struct FedLRunConfig: Sendable, Equatable {
    public var trainer: DynHPConfig
    public var rounds: Int
    /// The quorum: a round starts when this many clients are connected and completes when
    /// this many results are in.
    public var minClients: Int
    /// Clients the first round waits for (Flower's min_available_clients), so every enrolled
    /// client takes part from the start; later rounds need only `minClients`.
    public var startClients: Int
    public var strategy: FedLStrategy
    /// Share of connected clients asked per round (strategies fraction and nus).
    public var fraction: Double
    /// NUS asks no client whose value is below this share of the best value.
    public var nusMinValue: Double
    public var weighting: FedLWeighting
    public var privacy: FedLPrivacy
    /// Seconds a round waits for the results of the clients it asked before it completes
    /// without them (still alive: late; silent: skipped).
    public var roundTimeout: Double
    /// Seconds without any request (poll, heartbeat) after which a client counts as gone.
    public var clientTimeout: Double

    public init(trainer: DynHPConfig, rounds: Int, minClients: Int, strategy: FedLStrategy = .all, fraction: Double = 0.5,
                nusMinValue: Double = 0.5, weighting: FedLWeighting = .examples, privacy: FedLPrivacy = FedLPrivacy(),
                roundTimeout: Double = 600, clientTimeout: Double = 20, startClients: Int? = nil) {
        self.trainer = trainer
        self.rounds = rounds
        self.minClients = minClients
        self.startClients = max(minClients, startClients ?? minClients)
        self.strategy = strategy
        self.fraction = fraction
        self.nusMinValue = nusMinValue
        self.weighting = weighting
        self.privacy = privacy
        self.roundTimeout = roundTimeout
        self.clientTimeout = clientTimeout
    }

    /// Seconds a client's task poll is held open at most (well inside `clientTimeout`).
    public var pollSeconds: Double { max(0.2, min(10, clientTimeout / 3)) }
    /// Seconds between a training client's heartbeats.
    public var heartbeatSeconds: Double { max(0.1, min(5, clientTimeout / 4)) }

    public var selector: FedLSelector {
        FedLSelector(strategy: strategy, fraction: fraction, minClients: minClients, minValue: nusMinValue)
    }

    /// The configuration as JSON (checkpoints; the trainer part is what clients receive).
    public var json: JSONObject {
        [
            "trainer": .object(trainer.json), "rounds": .int(rounds), "min_clients": .int(minClients),
            "start_clients": .int(startClients),
            "strategy": .string(strategy.rawValue), "fraction": .double(fraction), "nus_min_value": .double(nusMinValue),
            "weighting": .string(weighting.rawValue), "dp_clip": .double(privacy.clip), "dp_noise": .double(privacy.noise),
            "round_timeout": .double(roundTimeout), "client_timeout": .double(clientTimeout),
        ]
    }

    public init?(json: JSONObject) {
        guard let trainer = json["trainer"]?.objectValue.flatMap(DynHPConfig.init(json:)),
              let rounds = json["rounds"]?.intValue, let minClients = json["min_clients"]?.intValue,
              let strategy = json["strategy"]?.stringValue.flatMap(FedLStrategy.init(rawValue:)),
              let weighting = json["weighting"]?.stringValue.flatMap(FedLWeighting.init(rawValue:))
        else { return nil }
        self.init(trainer: trainer, rounds: rounds, minClients: minClients, strategy: strategy,
                  fraction: json["fraction"]?.doubleValue ?? 0.5, nusMinValue: json["nus_min_value"]?.doubleValue ?? 0.5,
                  weighting: weighting,
                  privacy: FedLPrivacy(clip: json["dp_clip"]?.doubleValue ?? 0, noise: json["dp_noise"]?.doubleValue ?? 0),
                  roundTimeout: json["round_timeout"]?.doubleValue ?? 600, clientTimeout: json["client_timeout"]?.doubleValue ?? 20,
                  startClients: json["start_clients"]?.intValue)
    }

    /// Problems with the settings, as one line naming the flag; nil when usable.
    public var problem: String? {
        if rounds < 1 { return "--rounds must be at least 1, got \(rounds)" }
        if minClients < 1 { return "--min-clients must be at least 1, got \(minClients)" }
        if !(fraction > 0 && fraction <= 1) { return "--fraction must be in (0, 1], got \(fraction)" }
        if !(0...1).contains(nusMinValue) { return "--nus-min-value must be from 0 to 1, got \(nusMinValue)" }
        if !(privacy.clip >= 0 && privacy.clip.isFinite) { return "--dp-clip must be 0 (off) or positive, got \(privacy.clip)" }
        if !(privacy.noise >= 0 && privacy.noise.isFinite) { return "--dp-noise must be 0 or more, got \(privacy.noise)" }
        if privacy.noise > 0 && privacy.clip == 0 { return "--dp-noise needs --dp-clip C (the noise is σ·C)" }
        if !(roundTimeout > 0) { return "--round-timeout must be positive, got \(roundTimeout)" }
        if !(clientTimeout > 0) { return "--client-timeout must be positive, got \(clientTimeout)" }
        return nil
    }
}
