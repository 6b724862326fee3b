extension ModelDefinition {
    /// The network this definition describes: inputs without a shape take `imageShape`
    /// (the dataset's), `units: classes` takes `classes`, parameters are drawn from `seed`
    /// in layer order (as `ConvNetworkBuilder` draws them). A layer that does not fit its
    /// input is reported at the layer's position in the file.
    public func build(imageShape: TensorShape?, classes: Int, seed: UInt64, dropRate: Double = 0.5,
                      drawsWeights: Bool = true) throws(ModelFileError) -> ConvNetwork {
        guard let firstShape = inputs[0].shape ?? imageShape else {
            throw ModelFileError(file: file, mark: inputs[0].mark, problem: "inputs[0] has no shape and the dataset's examples are not 28×28×1 or 32×32×3 images; give shape: [channels, height, width]")
        }
        for input in inputs {
            guard let shape = input.shape else { continue }
            let (count, overflow) = shape.channels.multipliedReportingOverflow(by: shape.positions)
            guard !overflow, count <= Self.maximumLayerFloats else {
                throw ModelFileError(file: file, mark: input.mark, problem: "\(input.name): an example of \(shape) is more than \(Self.maximumLayerFloats) floats; give a smaller shape")
            }
        }
        var b = ConvNetworkBuilder(input: firstShape, seed: seed, dropRate: dropRate, drawsWeights: drawsWeights)
        var index: [String: Int] = [inputs[0].name: 0]
        for input in inputs.dropFirst() {
            guard let shape = input.shape else {
                throw ModelFileError(file: file, mark: input.mark, problem: "\(input.name): give shape: [channels, height, width]")
            }
            index[input.name] = b.input(shape)
        }
        for layer in layers {
            let sources = layer.inputs.compactMap { index[$0] }
            guard sources.count == layer.inputs.count, let from = sources.first else {
                throw ModelFileError(file: file, mark: layer.mark, problem: "\(layer.name) reads a name that is not defined above it")
            }
            do {
                switch layer.kind {
                case .conv(let filters, let kernel, let stride, let padding, let batchNorm, let gated, let relu):
                    let shape = b.shape(of: from)
                    let side = { (n: Int) in max(0, (n + 2 * padding - kernel) / max(stride, 1) + 1) }
                    try checkSize(layer, weights: [filters, shape.channels, kernel, kernel],
                                  outputs: [filters, side(shape.height), side(shape.width)])
                    index[layer.name] = try b.conv(filters, kernel: kernel, stride: stride, padding: padding, batchNorm: batchNorm,
                                                   gated: gated, relu: relu, from: from)
                case .dense(let units, let gated, let relu):
                    let out: Int
                    switch units {
                    case .count(let n): out = n
                    case .classes: out = classes
                    }
                    try checkSize(layer, weights: [out, b.shape(of: from).count], outputs: [out])
                    index[layer.name] = try b.dense(out, gated: gated, relu: relu, from: from)
                case .maxPool(let kernel, let stride, let optional), .avgPool(let kernel, let stride, let optional):
                    let shape = b.shape(of: from)
                    if optional && (shape.height < kernel || shape.width < kernel) {
                        index[layer.name] = from
                    } else if case .maxPool = layer.kind {
                        index[layer.name] = try b.maxPool(kernel, stride: stride, from: from)
                    } else {
                        index[layer.name] = try b.avgPool(kernel, stride: stride, from: from)
                    }
                case .globalAvgPool: index[layer.name] = b.globalAvgPool(from: from)
                case .flatten: index[layer.name] = b.flatten(from: from)
                case .relu: index[layer.name] = b.relu(from: from)
                case .add(let relu): index[layer.name] = try b.add(sources, relu: relu)
                case .concat: index[layer.name] = try b.concat(sources)
                }
            } catch let e as DynHPError {
                throw ModelFileError(file: file, mark: layer.mark, problem: "\(layer.name): \(e.message)")
            } catch let e as ModelFileError {
                throw e
            } catch {
                throw ModelFileError(file: file, mark: layer.mark, problem: "\(layer.name): \(error)")
            }
        }
        do {
            return try b.network(name: name, loss: loss)
        } catch let e as DynHPError {
            throw ModelFileError(file: file, mark: layers.last?.mark, problem: e.message)
        } catch {
            throw ModelFileError(file: file, mark: layers.last?.mark, problem: "\(error)")
        }
    }

    /// The most floats one layer may hold in its weights or in one example's output
    /// (2^28 floats, 1 GiB): a larger layer is a mistake in the file, refused before
    /// anything is allocated (and before a product could overflow).
    public static let maximumLayerFloats = 1 << 28

    /// Refuses `layer` when the product of `weights` or of `outputs` exceeds `maximumLayerFloats`.
    private func checkSize(_ layer: Layer, weights: [Int], outputs: [Int]) throws(ModelFileError) {
        for (what, factors) in [("weights", weights), ("outputs per example", outputs)] {
            var total = 1
            for f in factors {
                let (product, overflow) = total.multipliedReportingOverflow(by: max(f, 0))
                guard !overflow, product <= Self.maximumLayerFloats else {
                    throw ModelFileError(file: file, mark: layer.mark,
                                         problem: "\(layer.name) would have more than \(Self.maximumLayerFloats) \(what) (\(factors.map(String.init).joined(separator: " × "))); make its filters, units or kernel smaller")
                }
                total = product
            }
        }
    }

    /// Whether the inputs' shapes come from the dataset (a single input without a shape).
    public var takesDatasetShape: Bool { inputs.count == 1 && inputs[0].shape == nil }
}
