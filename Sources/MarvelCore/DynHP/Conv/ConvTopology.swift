/// The named L0 convolutional topologies of the seed's section 4.1.1.4 (`--arch`), built
/// for an input shape taken from the dataset.
public enum ConvTopology: String, Sendable, CaseIterable {
    /// LeNet-5: conv 6@5×5 (padding 2), max-pool, conv 16@5×5, max-pool, dense 120, 84, classes.
    case lenet5
    /// Wide ResNet 28-1 (Zagoruyko & Komodakis): a 3×3 stem of 16, three stages of four basic
    /// blocks of 16, 32, 64 filters (stride 2 entering stages 2 and 3), global average pool, dense.
    case resnet28x1 = "resnet-28-1"
    /// Wide ResNet 28-10: the same with 160, 320, 640 filters.
    case wrn28x10 = "wrn-28-10"
    /// VGG feature extractors (3×3 convolutions with BN, 2×2 max-pools) plus one dense layer.
    case vgg11, vgg13, vgg16

    /// The network for `input` and `classes`, its parameters drawn from `seed`.
    public func build(input: TensorShape, classes: Int, seed: UInt64, dropRate: Double = 0.5, drawsWeights: Bool = true) throws -> ConvNetwork {
        var b = ConvNetworkBuilder(input: input, seed: seed, dropRate: dropRate, drawsWeights: drawsWeights)
        switch self {
        case .lenet5:
            try b.conv(6, kernel: 5, padding: 2)
            try b.maxPool(2)
            try b.conv(16, kernel: 5)
            try b.maxPool(2)
            try b.dense(120)
            try b.dense(84)
        case .resnet28x1: try Self.wideResNet(&b, depth: 28, widen: 1)
        case .wrn28x10: try Self.wideResNet(&b, depth: 28, widen: 10)
        case .vgg11: try Self.vgg(&b, [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0])
        case .vgg13: try Self.vgg(&b, [64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0])
        case .vgg16: try Self.vgg(&b, [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0])
        }
        try b.dense(classes, gated: false, relu: false)
        return try b.network(name: rawValue)
    }

    /// Basic blocks conv3×3-BN-gate-ReLU, conv3×3-BN-gate, + shortcut, ReLU. The shortcut is
    /// the identity when shapes agree, else a gated 1×1 projection with BN.
    static func wideResNet(_ b: inout ConvNetworkBuilder, depth: Int, widen: Int) throws {
        let blocks = (depth - 4) / 6
        try b.conv(16, kernel: 3, padding: 1, batchNorm: true)
        for (stage, width) in [16, 32, 64].enumerated() {
            for block in 0..<blocks {
                let input = b.last
                let stride = stage > 0 && block == 0 ? 2 : 1
                let out = width * widen
                try b.conv(out, kernel: 3, stride: stride, padding: 1, batchNorm: true, from: input)
                let second = try b.conv(out, kernel: 3, padding: 1, batchNorm: true, relu: false)
                var shortcut = input
                if b.shape(of: input).channels != out || stride != 1 {
                    shortcut = try b.conv(out, kernel: 1, stride: stride, batchNorm: true, relu: false, from: input)
                }
                try b.add([second, shortcut])
            }
        }
        b.globalAvgPool()
    }

    /// `plan`: filters of each 3×3 convolution, 0 for a 2×2 max-pool. A pool that would take
    /// the map below 1×1 (28×28 inputs have room for four) is left out.
    static func vgg(_ b: inout ConvNetworkBuilder, _ plan: [Int]) throws {
        for filters in plan {
            if filters == 0 {
                if b.shape(of: b.last).height >= 2 { try b.maxPool(2) }
            } else {
                try b.conv(filters, kernel: 3, padding: 1, batchNorm: true)
            }
        }
    }

    /// The input shape of a dataset with `dimension` features: 28×28×1 (MNIST-like) or 32×32×3 (CIFAR-like).
    public static func inputShape(dimension: Int) -> TensorShape? {
        switch dimension {
        case 784: return TensorShape(channels: 1, height: 28, width: 28)
        case 3072: return TensorShape(channels: 3, height: 32, width: 32)
        default: return nil
        }
    }
}
