/// The per-batch buffers of a convolutional network for `capacity` examples, channel-major
/// (C × B × H × W, see `ConvKernels`): each node's output and its gradient, each
/// convolution's pre-activation (its output before BN, gate and ReLU, bias included), one
/// shared im2col scratch (one group of examples, `ConvKernels.groupSize`), BN batch statistics,
/// the step's gate samples and slopes, and the labels. `ConvMemoryModel` counts exactly these.
final class ConvWorkspace {
    let capacity: Int
    let outputs: [FloatBuffer]
    let gradients: [FloatBuffer]
    let preActivations: [FloatBuffer?]
    let cols: FloatBuffer
    /// Floats of one im2col group (`ConvKernels.groupFloats`; tests lower it to force groups).
    let groupFloats: Int
    var batchMean: [[Float]]
    var batchInvStd: [[Float]]
    var gates: [[Float]]
    var slopes: [[Float]]
    var labels: [Int32]

    init(network: ConvNetwork, capacity: Int, groupFloats: Int = ConvKernels.groupFloats) {
        self.capacity = capacity
        self.groupFloats = groupFloats
        let nodes = network.nodes
        outputs = nodes.map { FloatBuffer(count: capacity * $0.shape.count) }
        gradients = nodes.map { FloatBuffer(count: capacity * $0.shape.count) }
        preActivations = nodes.map { $0.conv == nil ? nil : FloatBuffer(count: capacity * $0.shape.count) }
        cols = FloatBuffer(count: ConvWorkspace.colsFloats(network, batch: capacity, groupFloats: groupFloats))
        batchMean = nodes.map { Array(repeating: 0, count: $0.conv?.batchNorm == true ? $0.shape.channels : 0) }
        batchInvStd = batchMean
        gates = nodes.map { Array(repeating: 1, count: $0.conv?.gated == true ? $0.shape.channels : 0) }
        slopes = gates.map { Array(repeating: 0, count: $0.count) }
        labels = Array(repeating: 0, count: capacity)
        varianceShareFloats = ConvGradientVariance.scratchFloats(network)
    }

    /// Whether a convolution reads its input directly as its im2col matrix (1×1, stride 1, no padding).
    static func isPointwise(_ spec: ConvSpec) -> Bool { spec.kernel == 1 && spec.stride == 1 && spec.padding == 0 }

    /// Examples per im2col group of a convolution at batch `b`.
    @inline(__always)
    func groupSize(_ spec: ConvSpec, positions: Int, batch b: Int) -> Int {
        ConvKernels.groupSize(filterSize: spec.filterSize, positions: positions, batch: b, limit: groupFloats)
    }

    /// For each group of examples of convolution `spec` at batch `b` (`groupSize`), writes the
    /// group's im2col matrix of `source` into `cols` and calls `body(first, count, cols)`
    /// (the matrix is in·k·k × count·Ho·Wo).
    @inline(__always)
    func forEachIm2colGroup(_ spec: ConvSpec, source: UnsafePointer<Float>, batch b: Int, inShape: TensorShape, outShape: TensorShape,
                            _ body: (_ first: Int, _ count: Int, _ cols: UnsafeMutablePointer<Float>) -> Void) {
        let group = groupSize(spec, positions: outShape.positions, batch: b)
        var first = 0
        while first < b {
            let count = min(group, b - first)
            ConvKernels.im2col(source, cols.base, first: first, count: count, batch: b, spec: spec, inShape: inShape, outShape: outShape)
            body(first, count, cols.base)
            first += count
        }
    }

    /// One example's share of a convolution's weight gradient while ‖S‖₁ is computed
    /// (`ConvGradientVariance`): the largest convolution's out·in·k·k floats (dense layers need
    /// none), allocated on
    /// first use (dynhp mode only, where `ConvMemoryModel` counts it).
    private(set) lazy var varianceShare = FloatBuffer(count: varianceShareFloats)
    private let varianceShareFloats: Int

    /// Floats of im2col scratch at batch `b`: the largest group of any convolution that is
    /// not pointwise (at most `groupFloats`, or one example's in·k·k × Ho·Wo when that is more).
    static func colsFloats(_ network: ConvNetwork, batch b: Int, groupFloats: Int = ConvKernels.groupFloats) -> Int {
        network.nodes.reduce(0) { most, node in
            guard let spec = node.conv, !isPointwise(spec) else { return most }
            let perExample = spec.filterSize * node.shape.positions
            let group = ConvKernels.groupSize(filterSize: spec.filterSize, positions: node.shape.positions, batch: max(1, b), limit: groupFloats)
            return max(most, group * perExample)
        }
    }
}
