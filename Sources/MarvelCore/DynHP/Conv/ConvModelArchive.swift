import Foundation

/// A convolutional network on disk: `model.json` (format `marvdash-dynhp-conv-model`, the
/// nodes in order with their operation, inputs and output shape NCHW, BN's ε) and one NPY
/// tensor per node and tensor, `node{n}_{name}.npy`: `w` [out, in, k, k], `b`, `bn_gamma`,
/// `bn_beta`, `bn_mean`, `bn_var`, `log_alpha`, `mask` and `gate` (the test-time gate times
/// the mask: what multiplies the filter's output after BN). The same layout serves exports
/// (`dynhp eval`, numpy) and checkpoints (with `prefix` m_/v_ for optimiser moments).
public enum ConvModelArchive {
    public static let format = "marvdash-dynhp-conv-model"

    /// Writes `network` (and, in a checkpoint, extra tensor sets such as moments) to `directory`.
    public static func write(_ network: ConvNetwork, to directory: String, metrics: JSONObject = [:],
                             extra: [(prefix: String, tensors: [ConvParams])] = []) throws {
        try ModelArchive.createDirectory(directory)
        for (n, node) in network.nodes.enumerated() {
            for (prefix, tensors) in [("", network.params)] + extra.map({ ($0.prefix, $0.tensors) }) {
                for (name, path) in ConvParams.all {
                    let t = tensors[n][keyPath: path]
                    guard !t.isEmpty else { continue }
                    var shape = [t.count]
                    if name == "w", let spec = node.conv { shape = [spec.outChannels, spec.inChannels, spec.kernel, spec.kernel] }
                    try DurableFile.write(NPYArray(t, shape: shape).encoded(), to: ModelArchive.path(directory, "\(prefix)node\(n)_\(name).npy"))
                }
            }
            if node.conv?.gated == true {
                let p = network.params[n]
                let gate = p.logAlpha.indices.map { HardConcrete.testGate(logAlpha: p.logAlpha[$0]) * p.mask[$0] }
                try DurableFile.write(NPYArray(gate).encoded(), to: ModelArchive.path(directory, "node\(n)_gate.npy"))
            }
        }
        var json: JSONObject = [
            "format": .string(format), "version": 1, "name": .string(network.name),
            "input": shapeJSON(network.inputShape), "classes": .int(network.classes),
            "inputs": .array(network.inputNodes.map { n in .object(["node": .int(n), "shape": shapeJSON(network.nodes[n].shape)]) }),
            "output": shapeJSON(network.outputShape), "loss": .string(network.loss.rawValue),
            "bn_epsilon": .double(Double(ConvForward.batchNormEpsilon)),
            "params": .int(network.parameterCount), "params_initial": .int(network.initialParameterCount),
            "initial_filters": .object(JSONObject(network.initialFilters.sorted { $0.key < $1.key }.map { JSONMember(String($0.key), .int($0.value)) })),
            "nodes": .array(network.nodes.map(nodeJSON)),
        ]
        if !metrics.isEmpty { json["metrics"] = .object(metrics) }
        try DurableFile.write(Array((JSONValue.object(json).prettyJSONString() + "\n").utf8), to: ModelArchive.path(directory, "model.json"))
        try DurableFile.syncDirectory(directory)
    }

    /// Whether `directory` holds a convolutional model (its model.json says so).
    public static func holdsConvModel(_ directory: String) -> Bool {
        guard let bytes = try? LocalFile.read(ModelArchive.path(directory, "model.json")),
              let json = (try? JSONValue.parse(bytes))?.objectValue else { return false }
        return json["format"]?.stringValue == format
    }

    /// Reads a network back (and the tensor sets with `prefixes`), checking every shape.
    public static func read(from directory: String, prefixes: [String] = []) throws -> (network: ConvNetwork, extra: [[ConvParams]], info: JSONObject) {
        let jsonPath = ModelArchive.path(directory, "model.json")
        func bad(_ what: String) -> DatasetError {
            DatasetError(path: jsonPath, problem: what, hint: "export the model again with marvdash dynhp train --out")
        }
        let bytes: [UInt8]
        do { bytes = try LocalFile.read(jsonPath) } catch { throw bad("cannot read (\(error.detail))") }
        guard let json = (try? JSONValue.parse(bytes))?.objectValue, json["format"]?.stringValue == format,
              let name = json["name"]?.stringValue, let nodesJSON = json["nodes"]?.arrayValue,
              let initialCount = json["params_initial"]?.intValue, let initialJSON = json["initial_filters"]?.objectValue
        else { throw bad("not a \(format) file or fields missing") }
        var nodes: [ConvNode] = []
        for (n, value) in nodesJSON.enumerated() {
            guard let o = value.objectValue, let node = node(o), node.inputs.allSatisfy({ $0 >= 0 && $0 < n }),
                  n > 0 || node.op == .input else { throw bad("nodes[\(n)] is malformed") }
            guard withinLimits(node) else { throw bad("nodes[\(n)]: sizes beyond \(maximumFloats) floats per tensor") }
            if let spec = node.conv, spec.inChannels != nodes[node.inputs[0]].shape.channels || spec.outChannels != node.shape.channels {
                throw bad("nodes[\(n)]: the convolution's channels do not match its input and output shapes")
            }
            if node.op == .concat, node.shape.channels != node.inputs.reduce(0, { $0 + nodes[$1].shape.channels }) {
                throw bad("nodes[\(n)]: the concatenation's channels do not add up to its inputs'")
            }
            if node.op != .input, expectedShape(node, nodes) != node.shape {
                throw bad("nodes[\(n)]: its shape \(node.shape) is not what its operation makes of its inputs")
            }
            nodes.append(node)
        }
        guard let loss = ConvLossKind(rawValue: json["loss"]?.stringValue ?? ConvLossKind.crossEntropy.rawValue) else {
            throw bad("loss must be \(ConvLossKind.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        guard nodes.count >= 2 else { throw bad("a network needs an input and at least one layer") }
        func tensors(_ prefix: String) throws -> [ConvParams] {
            try nodes.enumerated().map { n, node in
                var p = ConvParams()
                guard let spec = node.conv else { return p }
                let c = spec.outChannels
                var expected: [(String, WritableKeyPath<ConvParams, [Float]>, Int)] = [("w", \.weights, c * spec.filterSize)]
                if spec.batchNorm {
                    expected += [("bn_gamma", \.gamma, c), ("bn_beta", \.beta, c)]
                    if prefix.isEmpty { expected += [("bn_mean", \.runningMean, c), ("bn_var", \.runningVariance, c)] }
                } else {
                    expected.append(("b", \.bias, c))
                }
                if spec.gated {
                    expected.append(("log_alpha", \.logAlpha, c))
                    if prefix.isEmpty { expected.append(("mask", \.mask, c)) }
                }
                for (name, path, count) in expected {
                    let file = "\(prefix)node\(n)_\(name)"
                    guard let values = try NPYArray.read(from: ModelArchive.path(directory, file + ".npy")).floats, values.count == count else {
                        throw bad("\(file).npy is not a float32 tensor of \(count) values")
                    }
                    p[keyPath: path] = values
                }
                if !prefix.isEmpty {
                    // Moments of BN statistics and masks are not kept: zeros of the right shape.
                    if spec.batchNorm { p.runningMean = Array(repeating: 0, count: c); p.runningVariance = p.runningMean }
                    if spec.gated { p.mask = Array(repeating: 0, count: c) }
                }
                return p
            }
        }
        var initial: [Int: Int] = [:]
        for member in initialJSON {
            guard let n = Int(member.key), let v = member.value.intValue, nodes.indices.contains(n) else { throw bad("initial_filters is malformed") }
            initial[n] = v
        }
        let network = ConvNetwork(name: name, nodes: nodes, params: try tensors(""), initialFilters: initial, initialParameterCount: initialCount,
                                  loss: loss)
        return (network, try prefixes.map(tensors), json)
    }

    static func shapeJSON(_ s: TensorShape) -> JSONValue { .array([.int(s.channels), .int(s.height), .int(s.width)]) }

    static func nodeJSON(_ node: ConvNode) -> JSONValue {
        var o: JSONObject = ["inputs": .array(node.inputs.map { .int($0) }), "shape": shapeJSON(node.shape)]
        switch node.op {
        case .input: o["op"] = "input"
        case .conv(let s):
            o["op"] = "conv"
            o["in"] = .int(s.inChannels); o["out"] = .int(s.outChannels); o["kernel"] = .int(s.kernel)
            o["stride"] = .int(s.stride); o["padding"] = .int(s.padding)
            o["batch_norm"] = .bool(s.batchNorm); o["gated"] = .bool(s.gated); o["relu"] = .bool(s.relu)
        case .maxPool(let k, let s): o["op"] = "max_pool"; o["kernel"] = .int(k); o["stride"] = .int(s)
        case .avgPool(let k, let s): o["op"] = "avg_pool"; o["kernel"] = .int(k); o["stride"] = .int(s)
        case .globalAvgPool: o["op"] = "global_avg_pool"
        case .flatten: o["op"] = "flatten"
        case .add(let relu): o["op"] = "add"; o["relu"] = .bool(relu)
        case .relu: o["op"] = "relu"
        case .concat: o["op"] = "concat"
        }
        return .object(o)
    }

    /// The most floats one tensor of a read network may have (2^28): larger sizes in a
    /// model.json are corruption, refused before anything is allocated.
    static let maximumFloats = 1 << 28

    /// Whether the node's shape, its weights and every size field stay within `maximumFloats`.
    static func withinLimits(_ node: ConvNode) -> Bool {
        func product(_ factors: [Int]) -> Int? {
            var total = 1
            for f in factors {
                let (p, overflow) = total.multipliedReportingOverflow(by: f)
                guard !overflow, p <= maximumFloats else { return nil }
                total = p
            }
            return total
        }
        guard product([node.shape.channels, node.shape.height, node.shape.width]) != nil else { return false }
        if let spec = node.conv {
            guard spec.kernel <= maximumFloats, spec.stride <= maximumFloats, spec.padding <= maximumFloats,
                  product([spec.outChannels, spec.inChannels, spec.kernel, spec.kernel]) != nil else { return false }
        }
        if case .maxPool(let k, let s) = node.op, k > maximumFloats || s > maximumFloats { return false }
        if case .avgPool(let k, let s) = node.op, k > maximumFloats || s > maximumFloats { return false }
        return true
    }

    /// The shape `node`'s operation makes of its inputs' shapes (nodes earlier in `nodes`), or
    /// nil when the inputs do not fit the operation.
    static func expectedShape(_ node: ConvNode, _ nodes: [ConvNode]) -> TensorShape? {
        let shapes = node.inputs.map { nodes[$0].shape }
        guard let first = shapes.first else { return nil }
        func side(_ n: Int, kernel: Int, stride: Int, padding: Int) -> Int? {
            let span = n + 2 * padding - kernel
            return span >= 0 ? span / stride + 1 : nil
        }
        switch node.op {
        case .input: return node.shape
        case .conv(let spec):
            guard let h = side(first.height, kernel: spec.kernel, stride: spec.stride, padding: spec.padding),
                  let w = side(first.width, kernel: spec.kernel, stride: spec.stride, padding: spec.padding) else { return nil }
            return TensorShape(channels: spec.outChannels, height: h, width: w)
        case .maxPool(let k, let s), .avgPool(let k, let s):
            guard let h = side(first.height, kernel: k, stride: s, padding: 0),
                  let w = side(first.width, kernel: k, stride: s, padding: 0) else { return nil }
            return TensorShape(channels: first.channels, height: h, width: w)
        case .globalAvgPool: return TensorShape(channels: first.channels, height: 1, width: 1)
        case .flatten: return TensorShape(channels: first.count, height: 1, width: 1)
        case .add, .relu: return shapes.allSatisfy { $0 == first } ? first : nil
        case .concat:
            guard shapes.allSatisfy({ $0.height == first.height && $0.width == first.width }) else { return nil }
            return TensorShape(channels: shapes.reduce(0) { $0 + $1.channels }, height: first.height, width: first.width)
        }
    }

    static func node(_ o: JSONObject) -> ConvNode? {
        guard let op = o["op"]?.stringValue, let inputs = o["inputs"]?.arrayValue?.compactMap(\.intValue),
              let dims = o["shape"]?.arrayValue?.compactMap(\.intValue), dims.count == 3, dims.allSatisfy({ $0 > 0 })
        else { return nil }
        let shape = TensorShape(channels: dims[0], height: dims[1], width: dims[2])
        func int(_ k: String) -> Int? { o[k]?.intValue }
        let kind: ConvOp
        switch op {
        case "input": kind = .input
        case "conv":
            guard let i = int("in"), let out = int("out"), let k = int("kernel"), let s = int("stride"), let p = int("padding"),
                  i > 0, out > 0, k > 0, s > 0, p >= 0, inputs.count == 1 else { return nil }
            kind = .conv(ConvSpec(inChannels: i, outChannels: out, kernel: k, stride: s, padding: p,
                                  batchNorm: o["batch_norm"]?.boolValue ?? false, gated: o["gated"]?.boolValue ?? false,
                                  relu: o["relu"]?.boolValue ?? false))
        case "max_pool", "avg_pool":
            guard let k = int("kernel"), let s = int("stride"), k > 0, s > 0, inputs.count == 1 else { return nil }
            kind = op == "max_pool" ? .maxPool(kernel: k, stride: s) : .avgPool(kernel: k, stride: s)
        case "global_avg_pool": kind = .globalAvgPool
        case "flatten": kind = .flatten
        case "add": guard inputs.count >= 2 else { return nil }; kind = .add(relu: o["relu"]?.boolValue ?? false)
        case "relu": kind = .relu
        case "concat": guard inputs.count >= 2 else { return nil }; kind = .concat
        default: return nil
        }
        if kind != .input, kind.isSingleInput, inputs.count != 1 { return nil }
        if kind == .input, !inputs.isEmpty { return nil }
        return ConvNode(op: kind, inputs: inputs, shape: shape)
    }
}

extension ConvOp {
    var isSingleInput: Bool {
        switch self {
        case .add, .input, .concat: return false
        default: return true
        }
    }
}
