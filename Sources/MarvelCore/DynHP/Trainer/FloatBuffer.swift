/// A fixed-size, zero-initialised Float32 buffer for the trainer's hot loops: raw pointer
/// access without bounds checks or copy-on-write checks. Owned by one trainer, never shared.
final class FloatBuffer {
    let count: Int
    let base: UnsafeMutablePointer<Float>

    init(count: Int) {
        self.count = max(0, count)
        base = UnsafeMutablePointer<Float>.allocate(capacity: max(1, self.count))
        base.initialize(repeating: 0, count: max(1, self.count))
    }

    deinit { base.deallocate() }
}

/// The per-batch buffers of the trainer for a network of given widths and a batch capacity:
/// per layer l its raw input H_l (H_0 the gathered features, H_{l+1} the ReLU output of
/// layer l), its gated input, its output (logits for the last) and its delta; plus the
/// labels and, per gated layer, the sampled gates and their slopes dz/dlog_alpha (one
/// sample per example and gate: capacity × widths[l]).
/// These are what `MemoryModel.perExampleBytes` counts.
final class TrainerWorkspace {
    let widths: [Int]
    let capacity: Int
    /// inputs[l]: H_l, capacity × widths[l] (inputs[l+1] is the output buffer of layer l).
    let inputs: [FloatBuffer]
    let gated: [FloatBuffer]
    /// The last layer's logits (then probabilities).
    let logits: FloatBuffer
    let deltas: [FloatBuffer]
    let labels: UnsafeMutablePointer<Int32>
    let gates: [FloatBuffer]
    let slopes: [FloatBuffer]

    init(widths: [Int], capacity: Int) {
        self.widths = widths
        self.capacity = capacity
        let layers = widths.count - 1
        inputs = (0..<layers).map { FloatBuffer(count: capacity * widths[$0]) }
        gated = (0..<layers).map { FloatBuffer(count: capacity * widths[$0]) }
        logits = FloatBuffer(count: capacity * widths[layers])
        deltas = (0..<layers).map { FloatBuffer(count: capacity * widths[$0 + 1]) }
        labels = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, capacity))
        labels.initialize(repeating: 0, count: max(1, capacity))
        gates = (0..<layers).map { FloatBuffer(count: capacity * widths[$0]) }
        slopes = (0..<layers).map { FloatBuffer(count: capacity * widths[$0]) }
    }

    deinit { labels.deallocate() }

    /// Layer l's output buffer: the next layer's raw input, or the logits.
    func output(_ l: Int) -> FloatBuffer { l + 1 < inputs.count ? inputs[l + 1] : logits }
}
