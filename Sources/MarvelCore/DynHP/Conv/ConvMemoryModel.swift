/// The memory model of convolutional DynHP training, in bytes of Float32, counting what
/// the trainer allocates (`ConvWorkspace`):
/// - fixed: parameters (weights, biases, BN γ/β) and gates, their gradients and optimiser
///   moments (2 for Adam, 1 for SGD), BN running statistics and pruning masks, and the
///   im2col scratch (one group of examples: `ConvKernels.groupFloats`, or one example's
///   matrix when that is larger; counted at its largest, whatever the batch) and, when the
///   batch is dynamic, the largest per-example gradient share of `ConvGradientVariance`;
/// - per example: every node's output and its gradient, every convolution's pre-activation,
///   and the label.
public struct ConvMemoryModel: Sendable, Equatable {
    public var fixedBytes: Int
    public var perExampleBytes: Int

    /// `dynamicBatch`: whether ‖S‖₁ is computed (dynhp mode), which holds one more scratch.
    public init(network: ConvNetwork, optimizerMoments: Int, dynamicBatch: Bool = false) {
        let trainable = network.parameterCount + network.gateCount
        let statistics = network.params.reduce(0) { $0 + $1.runningMean.count + $1.runningVariance.count + $1.mask.count }
        let varianceScratch = dynamicBatch ? ConvGradientVariance.scratchFloats(network) : 0
        let scratch = ConvWorkspace.colsFloats(network, batch: Int.max / 2) + varianceScratch
        fixedBytes = (trainable * (2 + optimizerMoments) + statistics + scratch) * MemoryModel.bytesPerFloat
        let activations = network.nodes.reduce(0) { $0 + $1.shape.count * ($1.conv == nil ? 2 : 3) }
        perExampleBytes = activations * MemoryModel.bytesPerFloat + 4
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
