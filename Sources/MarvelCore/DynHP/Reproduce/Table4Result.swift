/// The measured Table 4: per row, its runs over the seeds and their summary (mean ±
/// sample standard deviation), next to the seed's numbers.
public struct Table4Result: Sendable, Equatable {
    /// One row's runs and summary.
    public struct Row: Sendable, Equatable {
        public var row: Table4Row
        /// The `marvdash dynhp train` flags of the row (seed left out).
        public var flags: [String]
        public var runs: [Table4Measurement]

        public init(row: Table4Row, flags: [String], runs: [Table4Measurement]) {
            self.row = row
            self.flags = flags
            self.runs = runs
        }

        public var testError: MeanSpread { MeanSpread(runs.map(\.testError)) }
        public var sizeReduction: MeanSpread { MeanSpread(runs.map(\.sizeReduction)) }
        public var sizeBytes: MeanSpread { MeanSpread(runs.map { Double($0.sizeBytes) }) }
        public var memoryTotalBytes: MeanSpread { MeanSpread(runs.map { Double($0.memoryTotalBytes) }) }
    }

    /// The command that produced the result (printed with it).
    public var command: String
    /// Dataset, epochs and the other shared settings, as flags.
    public var sharedFlags: [String]
    public var rows: [Row]

    public init(command: String, sharedFlags: [String], rows: [Row]) {
        self.command = command
        self.sharedFlags = sharedFlags
        self.rows = rows
    }

    /// The baseline (SP) row, when it was run.
    public var baseline: Row? { rows.first { $0.row.id == Table4.baselineID } }

    /// 1 − mean memory of `row` / mean memory of SP (nil without an SP row, or for SP).
    public func memoryReduction(of row: Row) -> Double? {
        guard let base = baseline, base.row.id != row.row.id, base.memoryTotalBytes.mean > 0 else { return nil }
        return 1 - row.memoryTotalBytes.mean / base.memoryTotalBytes.mean
    }
}
