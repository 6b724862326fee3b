import Foundation

/// `dynhp.epoch`: the state of a DynHP (or HP/SP) run after one epoch.
public struct DynHPEpoch: Sendable, Equatable {
    public var run: String
    public var ts: Date
    /// 1-based epoch number.
    public var epoch: Int
    /// Total epochs planned.
    public var epochs: Int
    public var loss: Double
    /// Errors are fractions in 0...1.
    public var trainError: Double
    public var valError: Double
    public var testError: Double?
    /// Parameters still alive, and at the start of the run.
    public var params: Int
    public var paramsInitial: Int
    /// Active units (neurons/filters) per layer, input first.
    public var active: [Int]
    public var batchSize: Int
    public var memoryBytes: Int
    /// Floating point operations per example (forward pass) of the current network.
    public var flops: Int
    /// Total memory usage of the run so far: the sum over its training steps of the bytes
    /// each step occupied (network, optimiser state and the batch's activations); nil when
    /// the producer does not report it.
    public var memoryTotalBytes: Int?
    /// The epoch's training examples per second of its wall time (steps, hard pruning and
    /// the validation/test pass; nil when not reported): it rises as pruning shrinks the network.
    public var samplesPerSecond: Double?
    /// "prune" (gates training, units removed) or "finetune" (gates fixed after pruning);
    /// nil when the producer does not say.
    public var phase: String?
    /// Units (filters) each layer of `active` started with; nil when the producer does not
    /// say (MLPs). Convolutional runs report it so the Training pane can draw kept/initial
    /// filters per layer.
    public var activeInitial: [Int]?
    /// What the error fields measure: nil or "classification" (fractions misclassified), or
    /// "mse" (mean squared error of a regression network's output; then `valMAE`/`testMAE`
    /// carry the mean absolute errors).
    public var errorMetric: String?
    public var valMAE: Double?
    public var testMAE: Double?

    /// The `errorMetric` of mean squared error runs.
    public static let meanSquaredErrorMetric = "mse"
    /// Whether the error fields are mean squared errors, not fractions misclassified.
    public var isRegression: Bool { errorMetric == Self.meanSquaredErrorMetric }

    public init(
        run: String, ts: Date, epoch: Int, epochs: Int, loss: Double, trainError: Double, valError: Double,
        testError: Double? = nil, params: Int, paramsInitial: Int, active: [Int], batchSize: Int,
        memoryBytes: Int, flops: Int, memoryTotalBytes: Int? = nil, samplesPerSecond: Double? = nil,
        phase: String? = nil, activeInitial: [Int]? = nil
    ) {
        self.run = run
        self.ts = ts
        self.epoch = epoch
        self.epochs = epochs
        self.loss = loss
        self.trainError = trainError
        self.valError = valError
        self.testError = testError
        self.params = params
        self.paramsInitial = paramsInitial
        self.active = active
        self.batchSize = batchSize
        self.memoryBytes = memoryBytes
        self.flops = flops
        self.memoryTotalBytes = memoryTotalBytes
        self.samplesPerSecond = samplesPerSecond
        self.phase = phase
        self.activeInitial = activeInitial
    }

    /// The phase name of fine-tuning epochs.
    public static let finetunePhase = "finetune"
    /// The phase name of pruning epochs.
    public static let prunePhase = "prune"

    /// The model size as a percentage of the initial one (100 when unknown).
    public var sizePercent: Double {
        paramsInitial > 0 ? Double(params) * 100 / Double(paramsInitial) : 100
    }

    static let type = "dynhp.epoch"

    func jsonObject() -> JSONObject {
        var b = MetricObjectBuilder(type: Self.type, run: run, ts: ts)
        b.set("epoch", epoch)
        b.set("epochs", epochs)
        b.set("loss", loss)
        b.set("train_error", trainError)
        b.set("val_error", valError)
        b.setIfPresent("test_error", testError)
        b.set("params", params)
        b.set("params_initial", paramsInitial)
        b.set("active", active)
        b.set("batch_size", batchSize)
        b.set("memory_bytes", memoryBytes)
        b.set("flops", flops)
        b.setIfPresent("memory_total_bytes", memoryTotalBytes)
        b.setIfPresent("samples_per_second", samplesPerSecond)
        b.setIfPresent("phase", phase)
        if let activeInitial { b.set("active_initial", activeInitial) }
        b.setIfPresent("error_metric", errorMetric)
        b.setIfPresent("val_mae", valMAE)
        b.setIfPresent("test_mae", testMAE)
        return b.object
    }

    init?(fields f: MetricFields, run: String, ts: Date) {
        guard let epoch = f.int("epoch") else { return nil }
        let params = f.int("params") ?? 0
        self.init(
            run: run, ts: ts, epoch: epoch, epochs: f.int("epochs") ?? epoch, loss: f.double("loss") ?? .nan,
            trainError: f.double("train_error") ?? .nan, valError: f.double("val_error") ?? .nan,
            testError: f.double("test_error"), params: params, paramsInitial: f.int("params_initial") ?? params,
            active: f.ints("active") ?? [], batchSize: f.int("batch_size") ?? 0,
            memoryBytes: f.int("memory_bytes") ?? 0, flops: f.int("flops") ?? 0,
            memoryTotalBytes: f.int("memory_total_bytes"), samplesPerSecond: f.double("samples_per_second"),
            phase: f.string("phase"), activeInitial: f.ints("active_initial"))
        errorMetric = f.string("error_metric")
        valMAE = f.double("val_mae")
        testMAE = f.double("test_mae")
    }
}
