/// The explicit memory model of DynHP training, in bytes of Float32 (4 bytes each).
///
/// For physical widths w_0 … w_L (w_0 = kept inputs) with P = Σ_l (w_l w_{l+1} + w_{l+1})
/// weights and biases and G = Σ_{l<L} w_l gates:
/// - network: parameters and gates, P + G floats;
/// - gradients: P + G floats;
/// - optimiser state: 2 (P + G) for Adam (first and second moments), P + G for SGD momentum;
/// - per example (× batch): each layer's raw input and gated input (2 w_l), the example's
///   sampled gates and their slopes dz/dlog_alpha (2 w_l: gates are sampled per example,
///   the local reparameterisation), the logits (w_L), each layer's delta (w_{l+1}), and the
///   label (one 4-byte integer).
/// These are exactly the buffers the trainer allocates; `largestBatch` is the cap the batch
/// size never exceeds.
public struct MemoryModel: Sendable, Equatable {
    /// Physical widths, inputs first.
    public var widths: [Int]
    /// Optimiser moments per parameter (2 for Adam, 1 for SGD with momentum).
    public var optimizerMoments: Int

    public init(widths: [Int], optimizerMoments: Int) {
        self.widths = widths
        self.optimizerMoments = optimizerMoments
    }

    public static let bytesPerFloat = 4

    /// Weights and biases.
    public var parameters: Int {
        zip(widths, widths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    }

    /// Gates (one log_alpha per input of every dense layer).
    public var gates: Int { widths.dropLast().reduce(0, +) }

    /// Bytes of the network itself (weights, biases, gates).
    public var networkBytes: Int { (parameters + gates) * Self.bytesPerFloat }

    /// Bytes that do not depend on the batch: network, gradients, optimiser state.
    public var fixedBytes: Int { (parameters + gates) * (2 + optimizerMoments) * Self.bytesPerFloat }

    /// Bytes per example in a batch: activations, gate samples and slopes, deltas, the label.
    public var perExampleBytes: Int {
        guard let last = widths.last else { return 0 }
        let inputs = widths.dropLast().reduce(0, +)
        let outputs = widths.dropFirst().reduce(0, +)
        return (4 * inputs + last + outputs) * Self.bytesPerFloat + 4
    }

    /// Total bytes for training with `batch` examples per step.
    public func bytes(batch: Int) -> Int { fixedBytes + perExampleBytes * max(0, batch) }

    /// The largest batch whose total stays within `budget` bytes (0 if not even the network fits).
    public func largestBatch(budget: Int) -> Int {
        let free = budget - fixedBytes
        guard free > 0, perExampleBytes > 0 else { return 0 }
        return free / perExampleBytes
    }
}
