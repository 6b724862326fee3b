/// What one run of a Table 4 row measured, read from its `run.end` summary.
public struct Table4Measurement: Sendable, Equatable {
    public var seed: UInt64
    /// Test error of the final model, as a fraction.
    public var testError: Double
    /// Weights and biases of the final compact model, and of the full network.
    public var params: Int
    public var paramsInitial: Int
    /// Σ over the training steps of the memory model (`memory_total_bytes`).
    public var memoryTotalBytes: Int
    public var seconds: Double
    /// Where the run's metrics lines were written, if anywhere.
    public var log: String?

    public init(seed: UInt64, testError: Double, params: Int, paramsInitial: Int, memoryTotalBytes: Int,
                seconds: Double, log: String? = nil) {
        self.seed = seed
        self.testError = testError
        self.params = params
        self.paramsInitial = paramsInitial
        self.memoryTotalBytes = memoryTotalBytes
        self.seconds = seconds
        self.log = log
    }

    /// The measurement in a completed run's `run.end` summary (nil when a field is missing).
    public init?(summary: JSONObject, seed: UInt64, log: String? = nil) {
        guard let error = summary["test_error"]?.doubleValue, let params = summary["params"]?.intValue,
              let initial = summary["params_initial"]?.intValue, let memory = summary["memory_total_bytes"]?.intValue
        else { return nil }
        self.init(seed: seed, testError: error, params: params, paramsInitial: initial, memoryTotalBytes: memory,
                  seconds: summary["seconds"]?.doubleValue ?? 0, log: log)
    }

    /// Float32 bytes of the final model.
    public var sizeBytes: Int { params * MemoryModel.bytesPerFloat }

    /// 1 − params / initial.
    public var sizeReduction: Double { 1 - Double(params) / Double(max(1, paramsInitial)) }
}

/// The mean and sample standard deviation of a few values (the spread over seeds).
public struct MeanSpread: Sendable, Equatable {
    public var mean: Double
    /// Sample standard deviation (n − 1); 0 for one value.
    public var spread: Double
    public var count: Int

    public init(_ values: [Double]) {
        count = values.count
        mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else {
            spread = 0
            return
        }
        let m = mean
        spread = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }
}
