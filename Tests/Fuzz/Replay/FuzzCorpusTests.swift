import Foundation
import MarvelFuzz
import Testing

/// `make test`'s share of fuzzing: every input of every target's seed corpus and
/// regressions folder runs once through the same entry function libFuzzer drives, without
/// sanitizers — a crash here is a regression of something fuzzing once found.
@Suite struct FuzzCorpusTests {
    /// Every (target, file) pair, so a crash names the input that caused it.
    static let inputs: [FuzzInputFile] = FuzzTargets.all.flatMap { target in
        ["corpus", "regressions"].flatMap { kind in
            FuzzCorpus.files(at: FuzzCorpus.folder(of: target.name, kind)).map { FuzzInputFile(target: target.name, path: $0) }
        }
    }

    @Test func everyTargetHasASeedCorpus() {
        for target in FuzzTargets.all {
            #expect(!FuzzCorpus.files(at: FuzzCorpus.folder(of: target.name, "corpus")).isEmpty, "\(target.name) has no seeds")
        }
    }

    @Test(arguments: inputs)
    func replays(_ input: FuzzInputFile) throws {
        let target = try #require(FuzzTargets.named(input.target))
        target.run(FuzzCorpus.read(input.path))
    }

    /// The checkpoint seed must stay a checkpoint the current code resumes, or the fuzzer
    /// only ever explores the rejection of a stale format.
    @Test func theCheckpointSeedsAreCurrent() throws {
        let fresh = try FuzzTargets.checkpointSeed()
        #expect(try FuzzTargets.checkpointResumes(fresh), "a fresh seed does not resume")
        let committed = FuzzCorpus.files(at: FuzzCorpus.folder(of: "checkpoint", "corpus"))
        #expect(try committed.contains { try FuzzTargets.checkpointResumes(FuzzCorpus.read($0)) },
                "no committed checkpoint seed resumes; regenerate with marvdash-fuzz --seed checkpoint FILE")
    }
}

/// One input file of one target.
struct FuzzInputFile: Sendable, CustomTestStringConvertible {
    var target: String
    var path: String
    var testDescription: String { "\(target)/\((path as NSString).lastPathComponent)" }
}
