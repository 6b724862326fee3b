/// An L0 network as a model file defines it (`ModelFile.parse`): named inputs, layers that
/// name their inputs, and the loss. `build` turns it into a `ConvNetwork`.
public struct ModelDefinition: Sendable, Equatable {
    /// One input: its name and shape (nil: the dataset's images, 1×28×28 or 3×32×32).
    public struct Input: Sendable, Equatable {
        public var name: String
        public var shape: TensorShape?
        public var mark: SourceMark
    }

    /// A dense layer's width: a number, or the dataset's classes.
    public enum Units: Sendable, Equatable {
        case count(Int)
        case classes
    }

    /// What a layer computes.
    public enum Kind: Sendable, Equatable {
        case conv(filters: Int, kernel: Int, stride: Int, padding: Int, batchNorm: Bool, gated: Bool, relu: Bool)
        case dense(units: Units, gated: Bool, relu: Bool)
        /// `optional`: left out when the map is smaller than the kernel (VGG's last pool on 28×28).
        case maxPool(kernel: Int, stride: Int, optional: Bool)
        case avgPool(kernel: Int, stride: Int, optional: Bool)
        case globalAvgPool
        case flatten
        case add(relu: Bool)
        case concat
        case relu
    }

    /// One layer: its name, operation and the names of what it reads.
    public struct Layer: Sendable, Equatable {
        public var name: String
        public var kind: Kind
        public var inputs: [String]
        public var mark: SourceMark
    }

    public var name: String
    public var description: String
    public var inputs: [Input]
    public var layers: [Layer]
    public var loss: ConvLossKind
    /// The file it came from (named in errors).
    public var file: String
}
