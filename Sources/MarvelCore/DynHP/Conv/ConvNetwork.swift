import Foundation

/// An L0 convolutional network: a list of nodes in topological order (node 0 the first
/// input, any further inputs are `.input` nodes too; the last node the output: logits for
/// cross-entropy, a map for mean squared error) with one `ConvParams` per node. It describes the network as it
/// stands: after hard pruning a convolution has fewer filters and its consumers fewer input
/// channels. `initialFilters` keeps, per gated convolution, the filters it started with.
public struct ConvNetwork: Sendable, Equatable {
    /// The topology's name (lenet5, resnet-28-1, … or a model file's name).
    public var name: String
    public var nodes: [ConvNode]
    public var params: [ConvParams]
    /// Filters each gated convolution started with (nodes without gates: absent).
    public var initialFilters: [Int: Int]
    /// Weights, biases and BN scale/shift before any pruning (counted from the layers' shapes).
    public var initialParameterCount: Int
    /// What training minimises (and how the output is scored).
    public var loss: ConvLossKind

    public init(name: String, nodes: [ConvNode], params: [ConvParams], initialFilters: [Int: Int], initialParameterCount: Int,
                loss: ConvLossKind = .crossEntropy) {
        self.name = name
        self.nodes = nodes
        self.params = params
        self.initialFilters = initialFilters
        self.initialParameterCount = initialParameterCount
        self.loss = loss
    }

    /// The first input's shape.
    public var inputShape: TensorShape { nodes[0].shape }
    /// The input nodes, in order (an example's features hold each one's values in turn).
    public var inputNodes: [Int] { nodes.indices.filter { nodes[$0].op == .input } }
    /// Features of one example: every input's values, inputs in order.
    public var inputDimension: Int { inputNodes.reduce(0) { $0 + nodes[$1].shape.count } }
    public var outputShape: TensorShape { nodes[nodes.count - 1].shape }
    /// The classes of a cross-entropy network (its output channels).
    public var classes: Int { outputShape.channels }

    /// Weights, biases and BN scale/shift held now.
    public var parameterCount: Int { params.reduce(0) { $0 + $1.parameterCount } }

    /// The gated convolutions, in order.
    public var gatedNodes: [Int] { nodes.indices.filter { nodes[$0].conv?.gated == true } }

    /// Filters per gated convolution now (physically present).
    public var filters: [Int] { gatedNodes.map { nodes[$0].shape.channels } }

    /// Filters per gated convolution whose gate is open at test time and not masked.
    public var openFilters: [Int] {
        gatedNodes.map { n in
            let p = params[n]
            return p.logAlpha.indices.filter { p.mask[$0] > 0 && HardConcrete.testGate(logAlpha: p.logAlpha[$0]) > 0 }.count
        }
    }

    /// Multiply-adds × 2 of one forward pass per example (convolutions only).
    public var flopsPerExample: Int {
        nodes.reduce(0) { total, node in
            guard let spec = node.conv else { return total }
            return total + 2 * spec.filterSize * spec.outChannels * node.shape.positions
        }
    }

    /// Gate parameters (one per filter of each gated convolution).
    public var gateCount: Int { params.reduce(0) { $0 + $1.logAlpha.count } }
}

/// Builds a network node by node, computing shapes and drawing the initial parameters:
/// Kaiming-normal weights (std √(2/fan_in)), zero biases, BN γ = 1 and β = 0 with running
/// mean 0 and variance 1, log_alpha ~ N(ln((1−p)/p), 0.01) with p the initial drop rate.
public struct ConvNetworkBuilder {
    public private(set) var nodes: [ConvNode]
    public private(set) var params: [ConvParams]
    var rng: Xoshiro256
    let dropRate: Double
    /// false: shapes only, no weight tensors (left empty, nothing allocated or drawn), e.g. to
    /// list models quickly; `ConvNetwork.initialParameterCount` still counts them from the shapes.
    let drawsWeights: Bool

    public init(input: TensorShape, seed: UInt64, dropRate: Double = 0.5, drawsWeights: Bool = true) {
        nodes = [ConvNode(op: .input, inputs: [], shape: input)]
        params = [ConvParams()]
        rng = Xoshiro256(seed: seed)
        self.dropRate = dropRate
        self.drawsWeights = drawsWeights
    }

    /// The last node added.
    public var last: Int { nodes.count - 1 }

    public func shape(of node: Int) -> TensorShape { nodes[node].shape }

    /// Adds a convolution reading `from` (default: the last node); returns its index.
    @discardableResult
    public mutating func conv(_ out: Int, kernel: Int, stride: Int = 1, padding: Int = 0, batchNorm: Bool = false,
                              gated: Bool = true, relu: Bool = true, from: Int? = nil) throws -> Int {
        let source = from ?? last
        let input = nodes[source].shape
        let spec = ConvSpec(inChannels: input.channels, outChannels: out, kernel: kernel, stride: stride, padding: padding,
                            batchNorm: batchNorm, gated: gated, relu: relu)
        guard out > 0, kernel > 0, stride > 0, padding >= 0 else {
            throw DynHPError("a convolution needs positive filters, kernel and stride (got \(out), \(kernel), \(stride))")
        }
        let h = spec.outputSide(input.height), w = spec.outputSide(input.width)
        guard h > 0, w > 0 else {
            throw DynHPError("a \(kernel)×\(kernel) convolution (stride \(stride), padding \(padding)) does not fit a \(input) input")
        }
        var p = ConvParams()
        let std = (2.0 / Double(spec.filterSize)).squareRoot()
        if drawsWeights { p.weights = (0..<(out * spec.filterSize)).map { _ in Float(rng.nextGaussian() * std) } }
        if batchNorm {
            p.gamma = Array(repeating: 1, count: out)
            p.beta = Array(repeating: 0, count: out)
            p.runningMean = Array(repeating: 0, count: out)
            p.runningVariance = Array(repeating: 1, count: out)
        } else {
            p.bias = Array(repeating: 0, count: out)
        }
        if gated {
            let mean = log((1 - dropRate) / dropRate)
            p.logAlpha = (0..<out).map { _ in Float(mean + 0.01 * rng.nextGaussian()) }
            p.mask = Array(repeating: 1, count: out)
        }
        return append(.conv(spec), [source], TensorShape(channels: out, height: h, width: w), p)
    }

    /// A dense layer (flattening the input first when it is not 1×1).
    @discardableResult
    public mutating func dense(_ out: Int, gated: Bool = true, relu: Bool = true, from: Int? = nil) throws -> Int {
        var source = from ?? last
        if nodes[source].shape.positions != 1 { source = flatten(from: source) }
        return try conv(out, kernel: 1, gated: gated, relu: relu, from: source)
    }

    @discardableResult
    public mutating func maxPool(_ kernel: Int, stride: Int? = nil, from: Int? = nil) throws -> Int {
        try pool(.maxPool(kernel: kernel, stride: stride ?? kernel), kernel, stride ?? kernel, from)
    }

    @discardableResult
    public mutating func avgPool(_ kernel: Int, stride: Int? = nil, from: Int? = nil) throws -> Int {
        try pool(.avgPool(kernel: kernel, stride: stride ?? kernel), kernel, stride ?? kernel, from)
    }

    private mutating func pool(_ op: ConvOp, _ kernel: Int, _ stride: Int, _ from: Int?) throws -> Int {
        let source = from ?? last
        let s = nodes[source].shape
        guard kernel > 0, stride > 0, s.height >= kernel, s.width >= kernel else {
            throw DynHPError("a \(kernel)×\(kernel) pooling does not fit a \(s) input")
        }
        let shape = TensorShape(channels: s.channels, height: (s.height - kernel) / stride + 1, width: (s.width - kernel) / stride + 1)
        return append(op, [source], shape, ConvParams())
    }

    @discardableResult
    public mutating func globalAvgPool(from: Int? = nil) -> Int {
        let source = from ?? last
        return append(.globalAvgPool, [source], TensorShape(channels: nodes[source].shape.channels, height: 1, width: 1), ConvParams())
    }

    @discardableResult
    public mutating func flatten(from: Int? = nil) -> Int {
        let source = from ?? last
        return append(.flatten, [source], TensorShape(channels: nodes[source].shape.count, height: 1, width: 1), ConvParams())
    }

    @discardableResult
    public mutating func relu(from: Int? = nil) -> Int {
        let source = from ?? last
        return append(.relu, [source], nodes[source].shape, ConvParams())
    }

    /// Another input of the network (an example's features carry it after the earlier ones).
    @discardableResult
    public mutating func input(_ shape: TensorShape) -> Int {
        append(.input, [], shape, ConvParams())
    }

    /// The channels of `inputs` one after the other; all need one height × width.
    @discardableResult
    public mutating func concat(_ inputs: [Int]) throws -> Int {
        guard let first = inputs.first, inputs.count >= 2 else { throw DynHPError("a concatenation needs at least two inputs") }
        let s = nodes[first].shape
        guard inputs.allSatisfy({ nodes[$0].shape.height == s.height && nodes[$0].shape.width == s.width }) else {
            throw DynHPError("a concatenation needs inputs of one height × width, got \(inputs.map { nodes[$0].shape.description })")
        }
        let channels = inputs.reduce(0) { $0 + nodes[$1].shape.channels }
        return append(.concat, inputs, TensorShape(channels: channels, height: s.height, width: s.width), ConvParams())
    }

    /// The sum of `inputs` (all of one shape), then ReLU when `relu`.
    @discardableResult
    public mutating func add(_ inputs: [Int], relu: Bool = true) throws -> Int {
        guard let first = inputs.first, inputs.allSatisfy({ nodes[$0].shape == nodes[first].shape }) else {
            throw DynHPError("an addition needs inputs of one shape, got \(inputs.map { nodes[$0].shape.description })")
        }
        return append(.add(relu: relu), inputs, nodes[first].shape, ConvParams())
    }

    private mutating func append(_ op: ConvOp, _ inputs: [Int], _ shape: TensorShape, _ p: ConvParams) -> Int {
        nodes.append(ConvNode(op: op, inputs: inputs, shape: shape))
        params.append(p)
        return last
    }

    /// The finished network. Cross-entropy: the last node must be an ungated dense layer
    /// without ReLU (the logits); mean squared error: an ungated convolution or dense layer
    /// (its map is compared with the target). Residual additions may only add convolutions
    /// and inputs (pooled or not): a concatenation or flatten inside an addition would tie
    /// channels that pruning removes separately.
    public func network(name: String, loss: ConvLossKind = .crossEntropy) throws -> ConvNetwork {
        guard let spec = nodes[last].conv, !spec.gated else {
            throw DynHPError("\(name): the last layer must be an ungated dense or conv layer (gated: false), the network's output")
        }
        if loss == .crossEntropy, spec.relu || nodes[last].shape.positions != 1 {
            throw DynHPError("\(name): with cross-entropy the last layer must be a dense layer without ReLU (the logits), not a \(nodes[last].shape) map")
        }
        var initial: [Int: Int] = [:]
        for (i, node) in nodes.enumerated() where node.conv?.gated == true { initial[i] = node.shape.channels }
        let count = nodes.reduce(0) { $0 + ($1.conv?.parameterCount ?? 0) }
        let network = ConvNetwork(name: name, nodes: nodes, params: params, initialFilters: initial, initialParameterCount: count, loss: loss)
        let groups = network.channelGroups
        for (n, node) in nodes.enumerated() where node.op == .add(relu: true) || node.op == .add(relu: false) {
            for m in nodes.indices where groups[m] == groups[n] {
                if nodes[m].op == .concat || nodes[m].op == .flatten {
                    throw DynHPError("\(name): the addition at node \(n) adds the output of a \(nodes[m].op == .concat ? "concatenation" : "flatten") (node \(m)); put a convolution between them")
                }
            }
        }
        return network
    }
}
