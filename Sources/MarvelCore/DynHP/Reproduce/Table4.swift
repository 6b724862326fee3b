/// The seed's Table 4 (Fashion-MNIST, MLP 784-300-100-10) as runs of this trainer: the
/// rows, the settings every row shares, and each row's configuration for a seed.
/// `marvdash dynhp reproduce table4` runs them; README's Table 4 is its output.
public enum Table4 {
    /// The rows in the seed's order.
    public static let rows: [Table4Row] = [
        Table4Row(id: "sp", label: "SP λ 0.05", mode: .sp, lambda: 0.05,
                  seed: Table4SeedNumbers(testError: 0.0996, sizeText: "1.041 MB", memoryText: "2.866 GB")),
        // The gates' own rate lets HP reach the seed's size (λ 0.3 at --lr stops at −70%).
        Table4Row(id: "hp", label: "HP λ 0.2, gate lr 0.003", mode: .hp, lambda: 0.2, gateLearningRate: 0.003,
                  seed: Table4SeedNumbers(testError: 0.1020, sizeReduction: 0.77, memoryReduction: 0.52)),
        Table4Row(id: "dynhp-0.988", label: "DynHP α 0.988 λ 0.3", mode: .dynhp, lambda: 0.3, alphaBS: 0.988,
                  seed: Table4SeedNumbers(testError: 0.1023, sizeReduction: 0.87, memoryReduction: 0.71)),
        Table4Row(id: "dynhp-0.989", label: "DynHP α 0.989 λ 0.3", mode: .dynhp, lambda: 0.3, alphaBS: 0.989,
                  seed: Table4SeedNumbers(testError: 0.1050, sizeReduction: 0.88, memoryReduction: 0.79)),
    ]

    /// The id of the baseline row the memory reductions are measured against.
    public static let baselineID = "sp"

    /// The rows named in `ids` (in the table's order), or an error naming the unknown one.
    public static func rows(named ids: [String]) throws(DynHPError) -> [Table4Row] {
        for id in ids where !rows.contains(where: { $0.id == id }) {
            throw DynHPError("--rows: no row '\(id)' in Table 4; the rows are \(rows.map(\.id).joined(separator: ", "))")
        }
        return rows.filter { ids.contains($0.id) }
    }

    /// The settings every row shares (the seed's network and batch, a 2 GiB budget, and the
    /// training recipe settled on here): pruning epochs, then fine-tuning epochs.
    public static func sharedConfig(epochs: Int = defaultEpochs, finetuneEpochs: Int = defaultFinetuneEpochs) -> DynHPConfig {
        DynHPConfig(widths: [784, 300, 100, 10], threshold: 0.5, batchSize: 128, budgetBytes: 2 << 30, epochs: epochs,
                    gateSampling: .example, learningRateSchedule: .cosine, finetuneEpochs: finetuneEpochs)
    }

    /// Pruning epochs of the table's runs.
    public static let defaultEpochs = 100
    /// Fine-tuning epochs after them.
    public static let defaultFinetuneEpochs = 0

    /// Row `row`'s configuration for seed `seed` on top of `shared`: its mode, λ, α_bs and
    /// gate learning rate, and for DynHP the learning rate scaled linearly with the growing batch.
    public static func config(_ row: Table4Row, shared: DynHPConfig, seed: UInt64) -> DynHPConfig {
        var c = shared
        c.mode = row.mode
        c.lambda = row.lambda
        if let alpha = row.alphaBS { c.alphaBS = alpha }
        if let rate = row.gateLearningRate { c.gateLearningRate = rate }
        if row.mode == .dynhp { c.learningRateBatchScaling = .linear }
        c.seed = seed
        return c
    }

    /// The flags a row sets on top of the shared settings.
    static let rowFlagNames: Set<String> = ["--mode", "--lambda", "--alpha-bs", "--lr-batch-scaling", "--gate-lr", "--seed"]

    /// `marvdash dynhp train` flags of the shared settings (without what rows set).
    public static func sharedFlags(_ shared: DynHPConfig, dataset: String) -> [String] {
        ["--dataset", dataset] + pairs(shared.flags).filter { !rowFlagNames.contains($0.0) }.flatMap { [$0.0, $0.1] }
    }

    /// The flags row `row` adds (its mode, λ, α_bs and rate scaling).
    public static func rowFlags(_ row: Table4Row, shared: DynHPConfig) -> [String] {
        let c = config(row, shared: shared, seed: shared.seed)
        return pairs(c.flags).filter { $0.0 != "--seed" && rowFlagNames.contains($0.0) }
            .filter { !(row.mode != .dynhp && ($0.0 == "--alpha-bs" || $0.0 == "--lr-batch-scaling")) }
            .flatMap { [$0.0, $0.1] }
    }

    private static func pairs(_ flags: [String]) -> [(String, String)] {
        stride(from: 0, to: flags.count - 1, by: 2).map { (flags[$0], flags[$0 + 1]) }
    }
}
