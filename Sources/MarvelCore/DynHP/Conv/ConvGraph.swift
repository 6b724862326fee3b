/// The shape of one tensor of a convolutional network, per example: channels × height × width
/// (NCHW without the batch). A dense layer's input and output are C × 1 × 1.
public struct TensorShape: Sendable, Hashable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Positions of one channel map (height × width).
    public var positions: Int { height * width }
    /// Floats of one example.
    public var count: Int { channels * positions }
    public var description: String { "\(channels)×\(height)×\(width)" }
}

/// One convolution of an L0 network (a dense layer is a 1×1 convolution on a 1×1 map):
/// `weights` are out × (in·k·k) (PyTorch's [out, in, k, k] in C order). After the
/// convolution comes, in this order: BatchNorm (when `batchNorm`), the filter gate z
/// (when `gated`: one hard-concrete gate per output filter, applied after BN's affine
/// transform so a closed gate zeroes the channel whatever BN does), then ReLU (when `relu`).
/// The bias exists only without BatchNorm (BN's β plays its part).
public struct ConvSpec: Sendable, Equatable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernel: Int
    public var stride: Int
    public var padding: Int
    public var batchNorm: Bool
    public var gated: Bool
    public var relu: Bool

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                batchNorm: Bool = false, gated: Bool = true, relu: Bool = true) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.batchNorm = batchNorm
        self.gated = gated
        self.relu = relu
    }

    /// Weights of one filter (in·k·k).
    public var filterSize: Int { inChannels * kernel * kernel }

    /// Weights, plus a bias per filter (or BN's scale and shift per filter, BN replacing the bias).
    public var parameterCount: Int { outChannels * filterSize + (batchNorm ? 2 : 1) * outChannels }

    /// The output map's side for an input side `n`.
    public func outputSide(_ n: Int) -> Int { (n + 2 * padding - kernel) / stride + 1 }
}

/// What a node of the network computes.
public enum ConvOp: Sendable, Equatable {
    /// The example (its shape is the network's input shape).
    case input
    case conv(ConvSpec)
    case maxPool(kernel: Int, stride: Int)
    case avgPool(kernel: Int, stride: Int)
    /// Mean over each channel's map: C × H × W → C × 1 × 1.
    case globalAvgPool
    /// C × H × W → (C·H·W) × 1 × 1, channel-major (PyTorch's flatten of NCHW).
    case flatten
    /// The sum of the inputs (same shapes), then ReLU when `relu`.
    case add(relu: Bool)
    case relu
    /// The inputs' channels one after the other (maps of one height × width, or flattened
    /// vectors C × 1 × 1): channels C₁ + C₂ + … in input order.
    case concat
}

/// What a convolutional network is trained to minimise.
public enum ConvLossKind: String, Sendable, CaseIterable {
    /// Softmax cross-entropy over the last layer's C × 1 × 1 logits (classification).
    case crossEntropy = "cross-entropy"
    /// Mean squared error between the last layer's C × H × W output and a target tensor of
    /// the same shape (regression: density maps, heatmaps).
    case meanSquaredError = "mse"
}

/// A node: its operation, the nodes it reads (earlier in the list) and its output shape.
public struct ConvNode: Sendable, Equatable {
    public var op: ConvOp
    public var inputs: [Int]
    public var shape: TensorShape

    public init(op: ConvOp, inputs: [Int], shape: TensorShape) {
        self.op = op
        self.inputs = inputs
        self.shape = shape
    }

    /// The convolution of this node, nil for the others.
    public var conv: ConvSpec? {
        if case .conv(let spec) = op { return spec }
        return nil
    }
}

/// The tensors of one node: a convolution's weights, bias, BN scale/shift and running
/// statistics, gate parameters and its one-way pruning mask (1 kept, 0 closed for good);
/// empty for the other nodes. The same shape carries gradients and optimiser moments.
public struct ConvParams: Sendable, Equatable {
    public var weights: [Float] = []
    public var bias: [Float] = []
    public var gamma: [Float] = []
    public var beta: [Float] = []
    public var logAlpha: [Float] = []
    public var runningMean: [Float] = []
    public var runningVariance: [Float] = []
    public var mask: [Float] = []

    public init() {}

    /// The tensors the optimiser trains (gates last), by name.
    public static var trainable: [(name: String, path: WritableKeyPath<ConvParams, [Float]>)] {
        [("w", \.weights), ("b", \.bias), ("bn_gamma", \.gamma), ("bn_beta", \.beta), ("log_alpha", \.logAlpha)]
    }

    /// Every tensor, by name (checkpoints and exports).
    public static var all: [(name: String, path: WritableKeyPath<ConvParams, [Float]>)] {
        trainable + [("bn_mean", \.runningMean), ("bn_var", \.runningVariance), ("mask", \.mask)]
    }

    /// Zeros of the same shapes (an accumulator or fresh optimiser state).
    public var zeros: ConvParams {
        var z = ConvParams()
        for (_, path) in Self.all { z[keyPath: path] = Array(repeating: 0, count: self[keyPath: path].count) }
        return z
    }

    /// Weights, bias and BN scale/shift (gates and statistics not counted).
    public var parameterCount: Int { weights.count + bias.count + gamma.count + beta.count }
}
