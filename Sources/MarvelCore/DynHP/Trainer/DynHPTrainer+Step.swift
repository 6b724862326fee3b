import CBLAS
import Foundation

extension DynHPTrainer {
    /// One gradient step on the examples permutation[start ..< start+count]: sample gates
    /// (one vector per batch, or one per example and gate — `GateSampling`; the fixed
    /// test-time gates while fine-tuning), forward, softmax cross-entropy, backward (GEMMs),
    /// L0 penalty (weight decay only while fine-tuning), optimiser, and the dynamic batch update.
    func step(from start: Int, count b: Int) {
        ensureCapacity(b)
        let ws = workspace
        let depth = state.model.layers.count
        let classes = state.model.layers[depth - 1].outputs
        gather(from: start, count: b, into: ws)
        state.sampleGates(into: ws, count: b)

        // Forward: gated input, GEMM, ReLU. (No copy of the layers outlives this loop, so the
        // optimiser later updates the weights in place without copy-on-write.)
        for l in 0..<depth {
            forward(layer: l, count: b, ws: ws)
        }

        let (loss, correct) = softmaxCrossEntropy(ws, count: b, classes: classes)

        // Backward.
        var varianceL1 = 0.0
        for l in stride(from: depth - 1, through: 0, by: -1) {
            varianceL1 += backward(layer: l, count: b, ws: ws)
        }
        let config = state.config
        let finetuning = config.isFinetuning(epoch: state.epoch)
        for l in 0..<depth {
            if finetuning {
                penalties[l].addWeightDecayGradient(of: state.model.layers[l], into: &gradients[l])
            } else {
                penalties[l].addGradient(of: state.model.layers[l], into: &gradients[l])
            }
        }
        let progress = Double(state.position) / Double(max(1, data.train.count))
        state.optimizer.learningRate = Float(config.learningRate(atEpoch: state.epoch, batch: b, epochProgress: progress))
        if config.gateLearningRate != nil {
            state.optimizer.gateLearningRate = Float(config.gateLearningRate(atEpoch: state.epoch, batch: b, epochProgress: progress))
        }
        state.applyOptimizer(gradients, gates: !finetuning)

        state.epochLoss += loss
        state.epochCorrect += correct
        state.epochSeen += b
        state.epochSteps += 1
        state.epochPeakBatch = max(state.epochPeakBatch, b)
        if state.config.mode == .dynhp {
            state.batch.update(varianceL1: varianceL1, loss: loss)
        }
    }

    /// Layer l forward: gated input G = H ⊙ Z (Z: the examples' gates), output = G W + b
    /// (ReLU unless last).
    private func forward(layer l: Int, count b: Int, ws: TrainerWorkspace) {
        let layer = state.model.layers[l]
        let depth = state.model.layers.count
        let inW = layer.inputs, outW = layer.outputs
        let h = ws.inputs[l].base, g = ws.gated[l].base, z = ws.gates[l].base
        for i in 0..<(b * inW) { g[i] = h[i] * z[i] }
        let out = ws.output(l).base
        layer.bias.withUnsafeBufferPointer { bias in
            for i in 0..<b { (out + i * outW).update(from: bias.baseAddress!, count: outW) }
        }
        layer.weights.withUnsafeBufferPointer { w in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(b), Int32(outW), Int32(inW),
                        1, g, Int32(inW), w.baseAddress, Int32(outW), 1, out, Int32(outW))
        }
        if l + 1 < depth {
            for i in 0..<(b * outW) { out[i] = max(out[i], 0) }
        }
    }

    private func ensureCapacity(_ b: Int) {
        guard b > workspace.capacity else { return }
        let grown = min(max(b, workspace.capacity + workspace.capacity / 4), max(b, state.batch.cap))
        workspace = TrainerWorkspace(widths: state.model.widths, capacity: grown)
    }

    /// Copies the batch's kept input features and labels into the workspace.
    private func gather(from start: Int, count b: Int, into ws: TrainerWorkspace) {
        let dimension = data.train.dimension
        let kept = state.model.inputIndices
        let width = kept.count
        let x = ws.inputs[0].base
        let full = width == dimension
        data.train.features.withUnsafeBufferPointer { features in
            data.train.labels.withUnsafeBufferPointer { labels in
                state.permutation.withUnsafeBufferPointer { order in
                    kept.withUnsafeBufferPointer { k in
                        for i in 0..<b {
                            let e = Int(order[start + i])
                            ws.labels[i] = labels[e]
                            let src = features.baseAddress! + e * dimension
                            let dst = x + i * width
                            if full {
                                dst.update(from: src, count: width)
                            } else {
                                for c in 0..<width { dst[c] = src[k[c]] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Softmax over the logits, mean cross-entropy, correct predictions, and the last
    /// layer's delta (p − onehot) / b.
    private func softmaxCrossEntropy(_ ws: TrainerWorkspace, count b: Int, classes: Int) -> (Double, Int) {
        let logits = ws.logits.base, delta = ws.deltas[ws.deltas.count - 1].base
        var loss = 0.0
        var correct = 0
        let scale = 1 / Float(b)
        for i in 0..<b {
            let row = logits + i * classes, d = delta + i * classes
            var best = 0
            var top = row[0]
            for k in 1..<max(1, classes) where row[k] > top { top = row[k]; best = k }
            var sum: Float = 0
            for k in 0..<classes {
                let e = exp(row[k] - top)
                d[k] = e
                sum += e
            }
            let label = Int(ws.labels[i])
            let inv = 1 / sum
            for k in 0..<classes { d[k] = d[k] * inv * scale }
            d[label] -= scale
            loss += Double(log(sum) - (row[label] - top))
            if best == label { correct += 1 }
        }
        return (loss / Double(b), correct)
    }

    /// Gradients of layer l into `gradients[l]`; the delta of layer l-1 if l > 0. Returns
    /// this layer's ‖S‖₁ (variance of per-example gradients of weights and bias; dynhp only).
    /// With per-example gates Z: dW = Gᵀ Δ (G = H ⊙ Z), P = Δ Wᵀ, dL/dZ = H ⊙ P,
    /// dlog_alpha_j = Σ_i dL/dZ_ij · slope_ij, Δ_{l-1} = P ⊙ Z ⊙ [H > 0].
    private func backward(layer l: Int, count b: Int, ws: TrainerWorkspace) -> Double {
        let layer = state.model.layers[l]
        let inW = layer.inputs, outW = layer.outputs
        let h = ws.inputs[l].base, g = ws.gated[l].base, d = ws.deltas[l].base
        let z = ws.gates[l].base, slope = ws.slopes[l].base
        var meanSquares = 0.0
        // Work on the layer's gradient outside the class property (no overlapping accesses).
        var grad = GatedDenseLayer.zeros(inputs: 0, outputs: 0)
        swap(&grad, &gradients[l])
        defer { swap(&grad, &gradients[l]) }
        grad.weights.withUnsafeMutableBufferPointer { gwBuf in
            let gw = gwBuf.baseAddress!
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(inW), Int32(outW), Int32(b),
                        1, g, Int32(inW), d, Int32(outW), 0, gw, Int32(outW))
            if state.config.mode == .dynhp {
                for i in 0..<(inW * outW) { meanSquares += Double(gw[i] * gw[i]) }
            }
        }
        grad.bias.withUnsafeMutableBufferPointer { gb in
            for k in 0..<outW { gb[k] = 0 }
            for i in 0..<b {
                let row = d + i * outW
                for k in 0..<outW { gb[k] += row[k] }
            }
            if state.config.mode == .dynhp {
                for k in 0..<outW { meanSquares += Double(gb[k] * gb[k]) }
            }
        }
        // ‖S‖₁ = B Σ_i (‖a_i‖² + 1) ‖δ_i‖² − ‖ḡ‖², with a = gated inputs; read G before it
        // is reused below.
        var varianceL1 = 0.0
        if state.config.mode == .dynhp {
            var second = 0.0
            for i in 0..<b {
                var an: Float = 0, dn: Float = 0
                let ga = g + i * inW, dd = d + i * outW
                for j in 0..<inW { an += ga[j] * ga[j] }
                for k in 0..<outW { dn += dd[k] * dd[k] }
                second += Double(an + 1) * Double(dn)
            }
            varianceL1 = max(0, Double(b) * second - meanSquares)
        }
        // P = Δ Wᵀ into the gated-input buffer (no longer needed).
        let p = g
        layer.weights.withUnsafeBufferPointer { wBuf in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(b), Int32(inW), Int32(outW),
                        1, d, Int32(outW), wBuf.baseAddress, Int32(outW), 0, p, Int32(inW))
        }
        let gatesFixed = state.config.isFinetuning(epoch: state.epoch)
        grad.logAlpha.withUnsafeMutableBufferPointer { gla in
            for j in 0..<inW { gla[j] = 0 }
            if gatesFixed { return }
            for i in 0..<b {
                let row = i * inW
                for j in 0..<inW { gla[j] += h[row + j] * p[row + j] * slope[row + j] }
            }
        }
        if l > 0 {
            let prev = ws.deltas[l - 1].base
            for i in 0..<(b * inW) { prev[i] = h[i] > 0 ? p[i] * z[i] : 0 }
        }
        return varianceL1
    }
}

extension DynHPTrainerState {
    /// Hard-concrete samples (with their slopes) for `b` examples — one per example and gate,
    /// or one vector copied to every example — each sampled vector recorded for the
    /// activation rates. While fine-tuning: the test-time gates, slope 0, nothing recorded
    /// (and no random draw).
    mutating func sampleGates(into ws: TrainerWorkspace, count b: Int) {
        if config.isFinetuning(epoch: epoch) {
            fixedGates(into: ws, count: b)
            return
        }
        let perExample = config.gateSampling == .example
        let beta = Float(config.temperature)
        for l in 0..<model.layers.count {
            let z = ws.gates[l].base, slope = ws.slopes[l].base
            let width = model.layers[l].inputs
            let sampledRows = perExample ? b : 1
            model.layers[l].logAlpha.withUnsafeBufferPointer { la in
                for i in 0..<sampledRows {
                    let row = i * width
                    for j in 0..<width {
                        let sample = HardConcrete.trainSampleWithSlope(logAlpha: la[j], u: rng.nextUnitFloat(), beta: beta)
                        z[row + j] = sample.gate
                        slope[row + j] = sample.slope
                    }
                }
            }
            if !perExample {
                // One vector for the whole batch: every example's row is the first one.
                for i in 1..<max(1, b) {
                    (z + i * width).update(from: z, count: width)
                    (slope + i * width).update(from: slope, count: width)
                }
            }
            for i in 0..<sampledRows { activity[l].record(UnsafeBufferPointer(start: z + i * width, count: width)) }
        }
    }

    /// Every example's gates are the layers' test-time gates (fine-tuning).
    private func fixedGates(into ws: TrainerWorkspace, count b: Int) {
        for l in 0..<model.layers.count {
            let z = ws.gates[l].base, slope = ws.slopes[l].base
            let width = model.layers[l].inputs
            model.layers[l].logAlpha.withUnsafeBufferPointer { la in
                for j in 0..<width {
                    z[j] = HardConcrete.testGate(logAlpha: la[j])
                    slope[j] = 0
                }
            }
            for i in 1..<max(1, b) {
                (z + i * width).update(from: z, count: width)
                (slope + i * width).update(from: slope, count: width)
            }
        }
    }

    /// One optimiser step on the network (`gates` false: log_alpha stays fixed).
    mutating func applyOptimizer(_ gradients: [GatedDenseLayer], gates: Bool = true) {
        optimizer.apply(gradients, to: &model.layers, gates: gates)
        average?.update(with: model.layers)
    }
}
