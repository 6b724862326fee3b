/// One fuzz target: its name (the folder `Tests/Fuzz/<name>/` holding its entry point and
/// its seed corpus) and the function that runs one input through the code under test,
/// the way the CLI or the embedded server would. It must return for every input: thrown
/// errors are expected answers to bad input; a trap, a crash, a leak or a hang is a finding.
public struct FuzzTarget: Sendable {
    public let name: String
    /// What the target covers, for `marvdash-fuzz --list`.
    public let summary: String
    /// Longest input worth trying (libFuzzer's -max_len).
    public let maxLength: Int
    public let run: @Sendable ([UInt8]) -> Void

    public init(name: String, summary: String, maxLength: Int = 64 * 1024, run: @escaping @Sendable ([UInt8]) -> Void) {
        self.name = name
        self.summary = summary
        self.maxLength = maxLength
        self.run = run
    }
}

/// Every fuzz target, in the order `make fuzz` runs them.
public enum FuzzTargets {
    public static let all: [FuzzTarget] = [
        YAMLComposerFuzz.target, JSONParserFuzz.target, TemplateRendererFuzz.target, KubeconfigFuzz.target,
        NPYReaderFuzz.target, IDXReaderFuzz.target, CheckpointFuzz.target, HTTPRequestFuzz.target,
        PipelineFileFuzz.target, ChunkedBodyFuzz.target,
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// The checkpoint target's seed: a tiny run checkpointed mid-epoch, packed as its input.
    public static func checkpointSeed() throws -> [UInt8] { try CheckpointFuzz.seed() }

    /// Whether a checkpoint input loads and resumes (for checking seeds).
    public static func checkpointResumes(_ input: [UInt8]) throws -> Bool { try CheckpointFuzz.resumes(input) }
}
