import MarvelCore

/// The flags of a pod's `marvdash dynhp train …` command, as the embedded cluster
/// reads them to run the trainer in-process (the values of the Job template).
public struct SimTrainingCommand: Equatable, Sendable {
    public var dataset: String
    /// Layer widths from `--arch`, inputs first.
    public var widths: [Int]
    /// `--model NAME|FILE` (or `--arch` naming a convolutional topology, whose model file
    /// ships under that name): the L0 network to train instead of the MLP; nil: the MLP.
    public var model: String?
    public var lambda: Double
    public var gamma: Double
    public var alphaBS: Double
    public var batch: Int
    public var budgetBytes: Int
    public var epochs: Int
    public var seed: UInt64
    public var mode: PruningMode
    public var lrBatchScaling: LearningRateBatchScaling
    public var lr: Double
    public var lrSchedule: LearningRateSchedule
    public var lrWarmup: Int
    public var gateSamples: GateSampling
    public var ema: Double
    public var finetune: Int
    /// `--finetune-lr` and `--gate-lr`; nil (or 0 on the command line): `--lr`.
    public var finetuneLR: Double?
    public var gateLR: Double?
    public var layerLambdas: [Double]
    public var temperature: Double
    public var initDropInput: Double
    /// `--init-drop-hidden`; nil: 0.5 for an MLP, 0.2 for a model (as `dynhp train`).
    public var initDropHidden: Double?
    /// `--sweep NAME`: the sweep the run belongs to (recorded in its `run.start`).
    public var sweep: String?

    /// The label of pods deployed from the DynHP training template.
    public static let templateLabel = (key: "marvdash.io/template", value: "dynhp-train")

    /// Whether the embedded cluster trains `pod` in-process: it was deployed from the DynHP
    /// training template, or its first container runs `marvdash dynhp train`. (Pods that
    /// only carry `marvdash.io/metrics=dynhp` run some other trainer: their logs stay canned.)
    public static func isTrainingPod(_ pod: JSONValue) -> Bool {
        if pod.at("metadata", "labels", templateLabel.key)?.stringValue == templateLabel.value { return true }
        return trainArguments(commandLine(of: pod)) != nil
    }

    /// The first container's `command` followed by its `args`.
    public static func commandLine(of pod: JSONValue) -> [String] {
        let container = pod.at("spec", "containers")?[0]
        let command = container?["command"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let args = container?["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return command + args
    }

    /// The words after `… marvdash dynhp train`, or nil when the line does not run it.
    static func trainArguments(_ words: [String]) -> ArraySlice<String>? {
        for i in words.indices where i + 2 < words.count {
            let program = words[i].split(separator: "/").last.map(String.init) ?? ""
            if program == "marvdash" && words[i + 1] == "dynhp" && words[i + 2] == "train" {
                return words[(i + 3)...]
            }
        }
        return nil
    }

    /// The defaults of `marvdash dynhp train` where the command leaves a flag out.
    public init() {
        dataset = "fashion-mnist"
        widths = [784, 300, 100, 10]
        lambda = 0.1
        gamma = 0.5
        alphaBS = 0.988
        batch = 128
        budgetBytes = 2 << 30
        epochs = 30
        seed = 1
        mode = .dynhp
        lrBatchScaling = .none
        lr = 0.001
        lrSchedule = .constant
        lrWarmup = 0
        gateSamples = .batch
        ema = 0
        finetune = 0
        layerLambdas = []
        temperature = DynHPConfig.defaultTemperature
        initDropInput = 0.2
    }

    /// Reads the flags of `pod`'s command (labelled pods without the command get the defaults).
    public init(pod: JSONValue) throws(SimTrainingError) {
        let name = pod.at("metadata", "name")?.stringValue ?? "?"
        try self.init(arguments: Self.trainArguments(Self.commandLine(of: pod)) ?? [], pod: name)
    }

    /// Reads `--flag value` and `--flag=value` pairs; unknown flags (`--out`, `--data`,
    /// `--resume`) are accepted and ignored, as they concern files the sim does not write.
    public init(arguments: ArraySlice<String>, pod: String) throws(SimTrainingError) {
        self.init()
        var words = Array(arguments)[...]
        var networkFlags: [String: String] = [:]
        while let word = words.popFirst() {
            guard word.hasPrefix("--") else { continue }
            var flag = String(word.dropFirst(2))
            var value: String?
            if let eq = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: eq)...])
                flag = String(flag[..<eq])
            }
            guard Self.valued.contains(flag) else { continue }
            if value == nil { value = words.popFirst() }
            guard let value else {
                throw SimTrainingError(pod: pod, problem: "--\(flag) needs a value; set it in the Job's command")
            }
            if flag == "arch" || flag == "model" { networkFlags[flag] = value.isEmpty ? nil : value }
            try set(flag, value, pod: pod)
        }
        // Empty values are absent: the template passes both, one of them empty.
        if let arch = networkFlags["arch"], let model = networkFlags["model"] {
            throw SimTrainingError(pod: pod, problem: "--arch \"\(arch)\" and --model \"\(model)\": give one of them; fix the Job's command")
        }
        model = networkFlags["model"] ?? networkFlags["arch"].flatMap { ConvTopology(rawValue: $0) == nil ? nil : $0 }
    }

    private static let valued: Set<String> = [
        "dataset", "arch", "model", "lambda", "gamma", "alpha-bs", "batch", "budget", "epochs", "seed", "mode", "out", "data",
        "optimizer", "lr", "lr-batch-scaling", "lr-schedule", "lr-warmup", "gate-samples", "ema", "finetune",
        "finetune-lr", "gate-lr", "layer-lambdas", "temperature", "init-drop-input", "init-drop-hidden", "sweep",
        "threads", "run-id", "synthetic-train", "weight-decay", "momentum",
    ]

    private mutating func set(_ flag: String, _ value: String, pod: String) throws(SimTrainingError) {
        func bad(_ expected: String) -> SimTrainingError {
            SimTrainingError(pod: pod, problem: "--\(flag) \"\(value)\" is not \(expected); fix the Job's command")
        }
        switch flag {
        case "dataset": dataset = value
        case "arch":
            // Empty: the default; a convolutional topology: its shipped model file (see init).
            guard !value.isEmpty, ConvTopology(rawValue: value) == nil else { return }
            let parts = value.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            let widths = parts.compactMap { $0 }
            guard parts.count >= 2, widths.count == parts.count, widths.allSatisfy({ $0 > 0 }) else {
                throw bad("at least two positive widths joined by dashes (e.g. 784-300-100-10)")
            }
            self.widths = widths
        case "lambda", "gamma":
            guard let v = Double(value), v.isFinite, v >= 0 else { throw bad("a number ≥ 0") }
            if flag == "lambda" { lambda = v } else { gamma = v }
        case "alpha-bs":
            guard let a = Double(value), (0...1).contains(a) else { throw bad("a number between 0 and 1") }
            alphaBS = a
        case "batch":
            guard let b = Int(value), b > 0 else { throw bad("a positive integer") }
            batch = b
        case "budget":
            guard let bytes = SimByteSize.parse(value), bytes > 0 else { throw bad("a size such as 512MiB or 2GiB") }
            budgetBytes = bytes
        case "epochs":
            guard let e = Int(value), e > 0 else { throw bad("a positive integer") }
            epochs = e
        case "seed":
            guard let s = UInt64(value) else { throw bad("a non-negative integer") }
            seed = s
        case "mode":
            guard let m = PruningMode(rawValue: value) else { throw bad("one of dynhp, hp, sp") }
            mode = m
        case "lr-batch-scaling":
            guard let scaling = LearningRateBatchScaling(rawValue: value) else { throw bad("one of none, sqrt, linear") }
            lrBatchScaling = scaling
        default: try setLever(flag, value, bad)
        }
    }

    /// The flags of the pruning and fine-tuning levers.
    private mutating func setLever(_ flag: String, _ value: String, _ bad: (String) -> SimTrainingError) throws(SimTrainingError) {
        func positive() throws(SimTrainingError) -> Double {
            guard let v = Double(value), v.isFinite, v > 0 else { throw bad("a positive number") }
            return v
        }
        func count() throws(SimTrainingError) -> Int {
            guard let n = Int(value), n >= 0 else { throw bad("a whole number ≥ 0") }
            return n
        }
        func optionalRate() throws(SimTrainingError) -> Double? {
            guard let v = Double(value), v.isFinite, v >= 0 else { throw bad("a number ≥ 0 (0: the same as --lr)") }
            return v > 0 ? v : nil
        }
        func dropRate() throws(SimTrainingError) -> Double {
            guard let v = Double(value), v > 0, v < 1 else { throw bad("a number between 0 and 1 (exclusive)") }
            return v
        }
        switch flag {
        case "lr": lr = try positive()
        case "lr-schedule":
            guard let schedule = LearningRateSchedule(rawValue: value) else { throw bad("one of constant, cosine") }
            lrSchedule = schedule
        case "lr-warmup": lrWarmup = try count()
        case "gate-samples":
            guard let sampling = GateSampling(rawValue: value) else { throw bad("one of batch, example") }
            gateSamples = sampling
        case "ema":
            guard let d = Double(value), (0..<1).contains(d) else { throw bad("a number from 0 to below 1") }
            ema = d
        case "finetune": finetune = try count()
        case "finetune-lr": finetuneLR = try optionalRate()
        case "gate-lr": gateLR = try optionalRate()
        case "layer-lambdas":
            let parts = value.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { throw bad("numbers ≥ 0 joined by commas (e.g. 0.1,0.3,0.3)") }
            layerLambdas = parts.compactMap { $0 }
        case "temperature":
            guard let t = DynHPConfig.parseTemperature(value), t > 0, t.isFinite else { throw bad("a positive number or fraction (e.g. 2/3)") }
            temperature = t
        case "init-drop-input": initDropInput = try dropRate()
        case "init-drop-hidden": initDropHidden = try dropRate()
        case "sweep": sweep = value.isEmpty ? nil : value
        default: break
        }
    }
}
