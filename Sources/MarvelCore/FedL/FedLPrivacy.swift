/// Update clipping and Gaussian noise on a client's update before it leaves the client (the
/// privacy option the seed mentions for FedL, `--dp-clip C --dp-noise σ`): with Δ the change
/// of every parameter the client holds (weights, biases, log_alpha) from the model it
/// received, Δ ← Δ · min(1, C / ‖Δ‖₂) + N(0, (σC)²) per coordinate. The server only ever
/// sees the received model plus the clipped, noisy Δ.
public struct FedLPrivacy: Sendable, Equatable {
    /// C: the largest L2 norm an update may have (0: no clipping, no noise).
    public var clip: Double
    /// σ: the noise multiplier (standard deviation σC).
    public var noise: Double

    public init(clip: Double = 0, noise: Double = 0) {
        self.clip = clip
        self.noise = noise
    }

    public var isEnabled: Bool { clip > 0 }

    /// ‖Δ‖₂ of `local` against `received` (of which `local` is a sub-model).
    public static func updateNorm(local: FedLModel, received: FedLModel) -> Double {
        guard let start = received.positions(of: local).map(received.keeping(positions:)) else { return .infinity }
        var sum = 0.0
        for (a, b) in zip(local.network.layers, start.network.layers) {
            for (x, y) in zip(a.weights, b.weights) { sum += Double(x - y) * Double(x - y) }
            for (x, y) in zip(a.bias, b.bias) { sum += Double(x - y) * Double(x - y) }
            for (x, y) in zip(a.logAlpha, b.logAlpha) { sum += Double(x - y) * Double(x - y) }
        }
        return sum.squareRoot()
    }

    /// `local` with its update clipped to `clip` and noised; unchanged when disabled.
    public func apply(local: FedLModel, received: FedLModel, rng: inout Xoshiro256) -> FedLModel {
        guard isEnabled, let positions = received.positions(of: local) else { return local }
        let start = received.keeping(positions: positions)
        let norm = Self.updateNorm(local: local, received: received)
        let scale = norm > clip ? clip / norm : 1
        let sd = noise * clip
        var out = local
        func privatise(_ value: Float, _ origin: Float, _ rng: inout Xoshiro256) -> Float {
            Float(Double(origin) + Double(value - origin) * scale + (sd > 0 ? sd * rng.nextGaussian() : 0))
        }
        for l in out.network.layers.indices {
            let o = start.network.layers[l]
            var layer = out.network.layers[l]
            for i in layer.weights.indices { layer.weights[i] = privatise(layer.weights[i], o.weights[i], &rng) }
            for i in layer.bias.indices { layer.bias[i] = privatise(layer.bias[i], o.bias[i], &rng) }
            for i in layer.logAlpha.indices {
                layer.logAlpha[i] = HardConcrete.clamped(privatise(layer.logAlpha[i], o.logAlpha[i], &rng))
            }
            out.network.layers[l] = layer
        }
        return out
    }
}
