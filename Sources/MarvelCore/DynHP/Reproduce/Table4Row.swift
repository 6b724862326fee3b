/// One row of the seed's Table 4 (section 4.1, Fashion-MNIST): the method, its settings
/// here, and the numbers the seed reports for it.
public struct Table4Row: Sendable, Equatable, Identifiable {
    /// The `--rows` name: sp, hp, dynhp-0.988, dynhp-0.989.
    public var id: String
    /// "SP λ 0.05", "DynHP α 0.988 λ 0.3".
    public var label: String
    public var mode: PruningMode
    public var lambda: Double
    /// alpha_bs (dynhp rows).
    public var alphaBS: Double?
    /// The gates' own learning rate (`--gate-lr`), nil: the weights'.
    public var gateLearningRate: Double?
    /// What the seed reports for the row.
    public var seed: Table4SeedNumbers

    public init(id: String, label: String, mode: PruningMode, lambda: Double, alphaBS: Double? = nil,
                gateLearningRate: Double? = nil, seed: Table4SeedNumbers) {
        self.id = id
        self.label = label
        self.mode = mode
        self.lambda = lambda
        self.alphaBS = alphaBS
        self.gateLearningRate = gateLearningRate
        self.seed = seed
    }
}

/// The seed's numbers for one row of Table 4: the test error, and the model size and
/// total memory, either absolute (the SP baseline) or as reductions from the baseline.
public struct Table4SeedNumbers: Sendable, Equatable {
    /// Test error as a fraction.
    public var testError: Double
    /// Size reduction against the full network (0.77 = −77%); nil for the baseline.
    public var sizeReduction: Double?
    /// Total memory reduction against SP; nil for SP itself.
    public var memoryReduction: Double?
    /// The baseline's absolute numbers as the seed prints them ("1.041 MB", "2.866 GB").
    public var sizeText: String?
    public var memoryText: String?

    public init(testError: Double, sizeReduction: Double? = nil, memoryReduction: Double? = nil,
                sizeText: String? = nil, memoryText: String? = nil) {
        self.testError = testError
        self.sizeReduction = sizeReduction
        self.memoryReduction = memoryReduction
        self.sizeText = sizeText
        self.memoryText = memoryText
    }

    /// "9.96%, 1.041 MB, 2.866 GB" or "10.20%, −77%, −52%".
    public var text: String {
        var parts = [Table4Format.percent(testError)]
        if let sizeText { parts.append(sizeText) } else if let r = sizeReduction { parts.append(Table4Format.reduction(r)) }
        if let memoryText { parts.append(memoryText) } else if let r = memoryReduction { parts.append(Table4Format.reduction(r)) }
        return parts.joined(separator: ", ")
    }
}
