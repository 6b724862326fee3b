/// Physical pruning of filters. Tensors whose channels index the same thing form a channel
/// group: a convolution starts one (so do an input, a flatten and a concatenation, whose
/// channels are those of their inputs renumbered: a filter pruned before a concatenation
/// removes the matching channel of its output for every consumer), pooling, ReLU and global pooling stay in their input's,
/// and a residual addition joins the groups of everything added (its inputs and its output).
/// The residual rule: a channel of a group is removed only when every gated convolution of
/// the group has closed that filter; a group holding anything ungated (the input, an
/// identity from the input, an ungated convolution) keeps all its channels. A filter closed
/// in a group that keeps the channel stays in place with its mask at 0 — its gate is 0 for
/// good, so the channel still carries only what the other members add into it.
/// Removing channel c takes the filter (weights, bias), BN's γ, β and running statistics,
/// the gate and the mask from every convolution of the group, and input channel c (its
/// k×k weights of every filter, or its H·W features after a flatten) from every consumer.
extension ConvNetwork {
    /// The group of each node (the index of its first node).
    public var channelGroups: [Int] {
        var parent = Array(nodes.indices)
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            return r
        }
        for (n, node) in nodes.enumerated() {
            switch node.op {
            case .input, .conv, .flatten, .concat: break
            case .maxPool, .avgPool, .globalAvgPool, .relu: parent[find(n)] = find(node.inputs[0])
            case .add:
                for input in node.inputs {
                    let a = find(input), b = find(n)
                    if a != b { parent[max(a, b)] = min(a, b) }
                }
            }
        }
        return nodes.indices.map(find)
    }

    /// The output channels each node keeps when each gated convolution keeps the filters
    /// `alive[node]` says (true: kept), under the residual rule.
    public func keptChannels(alive: [Int: [Bool]]) -> [[Int]] {
        let groups = channelGroups
        var members: [Int: [Int]] = [:]
        for n in nodes.indices { members[groups[n], default: []].append(n) }
        var groupKept: [Int: [Int]] = [:]
        var kept: [[Int]] = Array(repeating: [], count: nodes.count)
        for (n, node) in nodes.enumerated() {
            let g = groups[n]
            if let k = groupKept[g] {
                kept[n] = k
                continue
            }
            var result: [Int]
            if case .flatten = node.op {
                let input = node.inputs[0], p = nodes[input].shape.positions
                result = kept[input].flatMap { c in (c * p)..<(c * p + p) }
            } else if case .concat = node.op {
                var offset = 0
                result = []
                for input in node.inputs {
                    result += kept[input].map { $0 + offset }
                    offset += nodes[input].shape.channels
                }
            } else {
                let group = members[g] ?? [n]
                let sources = group.filter { m in
                    switch nodes[m].op {
                    case .input, .conv, .flatten, .concat: return true
                    default: return false
                    }
                }
                let prunable = sources.allSatisfy { nodes[$0].conv?.gated == true }
                let channels = node.shape.channels
                if prunable {
                    result = (0..<channels).filter { c in sources.contains { alive[$0]?[c] ?? true } }
                    if result.isEmpty { result = [0] }
                } else {
                    result = Array(0..<channels)
                }
            }
            groupKept[g] = result
            kept[n] = result
        }
        return kept
    }

    /// `alive` from the masks and the test-time gates: what SP's final model and the
    /// evaluated network keep.
    public var testTimeAlive: [Int: [Bool]] {
        var alive: [Int: [Bool]] = [:]
        for n in gatedNodes {
            let p = params[n]
            alive[n] = p.logAlpha.indices.map { p.mask[$0] > 0 && HardConcrete.testGate(logAlpha: p.logAlpha[$0]) > 0 }
        }
        return alive
    }

    /// The network with only the channels in `kept` (from `keptChannels`); gated filters that
    /// stay but are not alive get mask 0.
    public func compacted(keeping kept: [[Int]], alive: [Int: [Bool]]) -> ConvNetwork {
        var copy = self
        copy.params = compactedParams(params, keeping: kept)
        for n in nodes.indices {
            var node = nodes[n]
            node.shape.channels = kept[n].count
            if case .conv(var spec) = node.op {
                spec.inChannels = kept[node.inputs[0]].count
                spec.outChannels = kept[n].count
                node.op = .conv(spec)
                if spec.gated, let a = alive[n] {
                    for (i, c) in kept[n].enumerated() where !a[c] { copy.params[n].mask[i] = 0 }
                }
            }
            copy.nodes[n] = node
        }
        return copy
    }

    /// Parameter-shaped tensors (the parameters, their gradients or optimiser moments)
    /// restricted to `kept`, in the network's current shapes.
    public func compactedParams(_ tensors: [ConvParams], keeping kept: [[Int]]) -> [ConvParams] {
        nodes.indices.map { n in
            guard let spec = nodes[n].conv else { return tensors[n] }
            let keptIn = kept[nodes[n].inputs[0]], keptOut = kept[n]
            let area = spec.kernel * spec.kernel, filter = spec.filterSize
            var p = ConvParams()
            let source = tensors[n]
            for (_, path) in ConvParams.all where path != \ConvParams.weights {
                let t = source[keyPath: path]
                p[keyPath: path] = t.isEmpty ? [] : keptOut.map { t[$0] }
            }
            var w = [Float](repeating: 0, count: keptOut.count * keptIn.count * area)
            source.weights.withUnsafeBufferPointer { src in
                w.withUnsafeMutableBufferPointer { dst in
                    var at = 0
                    for o in keptOut {
                        for c in keptIn {
                            let from = o * filter + c * area
                            for a in 0..<area { dst[at + a] = src[from + a] }
                            at += area
                        }
                    }
                }
            }
            p.weights = w
            return p
        }
    }
}
