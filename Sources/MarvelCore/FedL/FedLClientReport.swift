/// What a client reports with its model at the end of its local training (the JSON body of
/// `POST …/result`): its example count and the metrics of the round.
public struct FedLClientReport: Sendable, Equatable {
    public var examples: Int
    /// Errors of its local model after training: on the batches as trained, its validation
    /// shard and the test set.
    public var trainError: Double?
    public var valError: Double?
    public var testError: Double?
    /// Mean training loss over its local epochs.
    public var loss: Double?
    /// The error of the global model it received, on its validation shard (before training).
    public var globalValError: Double?
    /// Output-layer gradient variance of its local model on its data (FedLGradientProbe).
    public var gradientVariance: Double?
    public var batchSize: Int?
    public var epochs: Int?
    public var seconds: Double?

    public init(examples: Int, trainError: Double? = nil, valError: Double? = nil, testError: Double? = nil,
                loss: Double? = nil, globalValError: Double? = nil, gradientVariance: Double? = nil,
                batchSize: Int? = nil, epochs: Int? = nil, seconds: Double? = nil) {
        self.examples = examples
        self.trainError = trainError
        self.valError = valError
        self.testError = testError
        self.loss = loss
        self.globalValError = globalValError
        self.gradientVariance = gradientVariance
        self.batchSize = batchSize
        self.epochs = epochs
        self.seconds = seconds
    }

    public var json: JSONObject {
        var o: JSONObject = ["examples": .int(examples)]
        func put(_ key: String, _ v: Double?) { if let v, v.isFinite { o[key] = .double(v) } }
        put("train_error", trainError)
        put("val_error", valError)
        put("test_error", testError)
        put("loss", loss)
        put("global_val_error", globalValError)
        put("grad_variance", gradientVariance)
        if let batchSize { o["batch_size"] = .int(batchSize) }
        if let epochs { o["epochs"] = .int(epochs) }
        put("seconds", seconds)
        return o
    }

    /// Reads a report sent by client `source`; a missing or negative example count is an error.
    public init(json: JSONObject, source: String) throws(FedLError) {
        guard let examples = json["examples"]?.intValue, examples >= 0 else {
            throw FedLError("\(source): the result must give \"examples\" (its number of training examples, ≥ 0)")
        }
        func fraction(_ key: String) -> Double? { json[key]?.doubleValue.flatMap { $0.isFinite ? min(1, max(0, $0)) : nil } }
        func number(_ key: String) -> Double? { json[key]?.doubleValue.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } }
        self.init(examples: examples, trainError: fraction("train_error"), valError: fraction("val_error"),
                  testError: fraction("test_error"), loss: number("loss"), globalValError: fraction("global_val_error"),
                  gradientVariance: number("grad_variance"), batchSize: json["batch_size"]?.intValue,
                  epochs: json["epochs"]?.intValue, seconds: number("seconds"))
    }
}
