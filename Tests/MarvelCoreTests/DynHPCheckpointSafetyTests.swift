import Foundation
import Synchronization
import Testing
@testable import MarvelCore

/// Issue 12 items 3, 4 and 9: checkpoints and model folders that lie about shapes, indices
/// and counters are refused with one line (they used to crash the trainer), sizes are
/// checked before anything is allocated, and saving never leaves `--resume` without a
/// checkpoint.
@Suite struct DynHPCheckpointSafetyTests {
    static let data = DynHPTrainerTests.data

    /// A run stopped mid-epoch and checkpointed into a fresh folder.
    static func checkpointed() throws -> (store: CheckpointStore, dir: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dynhp-ckpt-\(UUID().uuidString)").path
        let store = CheckpointStore(outputDirectory: dir)
        let trainer = try DynHPTrainer(config: DynHPTrainerTests.config(.dynhp, epochs: 3), data: data, runID: "c")
        var calls = 0
        #expect(trainer.trainEpoch(shouldStop: { calls += 1; return calls > 5 }) == nil)
        try store.save(trainer.state)
        return (store, dir)
    }

    /// Loads the checkpoint and starts a trainer on it; the one-line error, or nil if it worked.
    static func resumeError(_ store: CheckpointStore) -> String? {
        do {
            _ = try DynHPTrainer(state: try store.load(), data: data)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    static func editState(_ store: CheckpointStore, _ change: (inout JSONObject) -> Void) throws {
        let path = store.directory + "/state.json"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        var json = try #require(try JSONValue.parse(bytes).objectValue)
        change(&json)
        try JSONValue.object(json).prettyJSONString().write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func writeTensor(_ store: CheckpointStore, _ name: String, _ array: NPYArray) throws {
        try array.write(to: store.directory + "/\(name).npy")
    }

    @Test func anUntouchedCheckpointResumes() throws {
        let (store, dir) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(Self.resumeError(store) == nil)
    }

    @Test(arguments: [
        ("position", JSONValue.int(-5), "position is -5"),
        ("position", JSONValue.int(1_000_000), "position is 1000000, outside 0…800"),
        ("batch_size", JSONValue.int(-3), "batch_size is -3, outside 1…"),
        ("batch_size", JSONValue.int(0), "batch_size is 0, outside 1…"),
        ("batch_cap", JSONValue.int(1 << 40), "batch_cap is 1099511627776; the budget allows 1…"),
        ("epoch", JSONValue.int(-1), "epoch is -1; it cannot be negative"),
        ("arch", JSONValue.array([40, 24, 999, 4]), "has the wrong type or shape for 24x999"),
        ("arch", JSONValue.array([40, .int(Int.max), 12, 4]), "has the wrong type or shape"),
        ("arch", JSONValue.array([40, -24, 12, 4]), "must list the same number (two or more) of positive widths"),
        ("observations", JSONValue.array([-1, 0, 0]), "activity0 does not match layer 0"),
        ("optimizer_step", JSONValue.int(-7), "optimizer_step is -7"),
        ("optimizer_step", JSONValue.int(Int.max), "optimizer_step is 9223372036854775807, more than any run reaches (2^62)"),
        ("memory_total_bytes", JSONValue.int(Int.max - 1), "memory_total_bytes is 9223372036854775806, more than any run reaches"),
    ])
    func corruptStateFieldsAreOneLineErrors(field: String, value: JSONValue, message: String) throws {
        let (store, dir) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.editState(store) { $0[field] = value }
        let error = try #require(Self.resumeError(store), "\(field) = \(value) was accepted")
        #expect(error.contains(message), "\(error)")
        #expect(!error.contains("\n"))
        #expect(error.contains("start again without --resume"))
    }

    @Test func outOfRangeInputIndicesAreRefused() throws {
        let (store, dir) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var indices = (0..<40).map { Int64($0) }
        indices[3] = 40_000
        try Self.writeTensor(store, "input_indices", NPYArray(indices))
        #expect(Self.resumeError(store)?.contains("input_indices holds 40000, outside 0..<40") == true)
        try Self.writeTensor(store, "input_indices", NPYArray((0..<39).map { Int64($0) }))
        #expect(Self.resumeError(store)?.contains("input_indices holds 39 indices for 40 inputs") == true)
        try Self.writeTensor(store, "input_indices", NPYArray((0..<40).map { Int64(-$0) }))
        #expect(Self.resumeError(store)?.contains("outside 0..<40") == true)
    }

    @Test func aShortOrWrongPermutationIsRefused() throws {
        let (store, dir) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeTensor(store, "permutation", NPYArray((0..<200).map { Int32($0) }))
        #expect(Self.resumeError(store)?.contains("permutation holds 200 examples; the training set has 800") == true)
        try Self.writeTensor(store, "permutation", NPYArray((0..<100).map { Int32($0) }))
        #expect(Self.resumeError(store)?.contains("position is 160, outside 0…100") == true, "stopped after 5 batches of 32")
        var order = (0..<800).map { Int32($0) }
        order[7] = -1
        try Self.writeTensor(store, "permutation", NPYArray(order))
        #expect(Self.resumeError(store)?.contains("permutation holds example -1, outside 0..<800") == true)
        order[7] = 800
        try Self.writeTensor(store, "permutation", NPYArray(order))
        #expect(Self.resumeError(store)?.contains("permutation holds example 800") == true)
    }

    @Test func tensorsOfTheWrongShapeOrTypeAreRefused() throws {
        let (store, dir) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeTensor(store, "activity1", NPYArray([Int64](repeating: 1, count: 5)))
        #expect(Self.resumeError(store)?.contains("activity1 has the wrong shape") == true)
        try Self.writeTensor(store, "m_w0", NPYArray([Float](repeating: 0, count: 3)))
        #expect(Self.resumeError(store)?.contains("m_w0/b0/log_alpha0 has the wrong type or shape") == true)
        try Self.writeTensor(store, "w0", NPYArray(dtype: .float32, shape: [Int.max, 4], data: []))
        #expect(Self.resumeError(store)?.contains("shape [9223372036854775807, 4] is too large") == true)
    }

    @Test func aModelFolderWithBadIndicesOrLayersIsRefusedByEval() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dynhp-model-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = Xoshiro256(seed: 3)
        let model = GatedMLP.random(widths: [6, 4, 3], using: &rng)
        try ModelArchive.write(model, to: dir)
        try NPYArray([Int64]([0, 1, 2, 3, 4, 6])).write(to: dir + "/input_indices.npy")
        #expect(String(describing: try #require(throws: DatasetError.self) { _ = try ModelArchive.read(from: dir) })
            .contains("input_indices holds 6, outside 0..<6"))
        try NPYArray([Int64]([0, 1, 2, 3, 4, 5])).write(to: dir + "/input_indices.npy")
        try NPYArray([Float](repeating: 0, count: 5)).write(to: dir + "/b1.npy")
        #expect(String(describing: try #require(throws: DatasetError.self) { _ = try ModelArchive.read(from: dir) })
            .contains("layer 1: tensors missing, not float32, or of the wrong shape"))
    }

    /// Issue 12 item 4: `--arch 784-10000000-10` tried to allocate 31 GB and aborted.
    @Test func anArchitectureOverTheBudgetIsRefusedBeforeAllocating() throws {
        var config = DynHPTrainerTests.config(.dynhp)
        config.widths = [40, 10_000_000, 4]
        let error = String(describing: try #require(throws: DynHPError.self) { try DynHPTrainer.checkBudget(config) })
        #expect(error.hasPrefix("--arch 40-10000000-4 with --batch 32 needs "), "\(error)")
        #expect(error.contains("over --budget 64.0 MiB"))
        config.widths = [40, Int.max / 2, Int.max / 2, 4]
        #expect(throws: DynHPError.self) { try DynHPTrainer.checkBudget(config) }
        config.widths = [40, 24, 12, 4]
        try DynHPTrainer.checkBudget(config)
        // The trainer itself refuses it too (no caller can skip the check).
        config.widths = [40, 10_000_000, 4]
        #expect(throws: DynHPError.self) { _ = try DynHPTrainer(config: config, data: Self.data, runID: "x") }
    }

    @Test func aSyntheticDatasetOverTheBudgetIsRefused() throws {
        let huge = SyntheticDataset(dimension: 100_000_000, trainCount: 6_000)
        let error = String(describing: try #require(throws: DynHPError.self) { try huge.checkSize(budget: 2 << 30) })
        #expect(error.contains("over --budget 2.0 GiB"))
        try SyntheticDataset().checkSize(budget: 2 << 30)
    }

    /// Issue 12 item 4: a 116-byte IDX header claiming 2.1 GB allocated 2 GB before "truncated".
    @Test func anIDXHeaderClaimingGigabytesIsTruncatedNotAllocated() throws {
        let reader = IDXReader(hint: "pass --data DIR")
        func be32(_ v: Int) -> [UInt8] { DynHPDataTests.be32(v) }
        let claim = [UInt8](repeating: 7, count: 100)
        let bytes = [0, 0, 8, 3] + be32(60_000) + be32(189) + be32(189) + claim
        #expect(bytes.count == 116)
        let error = String(describing: try #require(throws: DatasetError.self) {
            _ = try reader.decode(bytes, rank: 3, name: "big.idx")
        })
        #expect(error == "big.idx: truncated data: the header claims 2143260000 bytes (60000x189x189), the file holds 100; pass --data DIR")
        let over = [0, 0, 8, 3] + be32(0xFFFF_FFFF) + be32(0xFFFF_FFFF) + be32(0xFFFF_FFFF)
        #expect(String(describing: try #require(throws: DatasetError.self) { _ = try reader.decode(over, rank: 3, name: "o") })
            .contains("implausible dimensions"))
        let fine = try reader.decode([0, 0, 8, 1] + be32(3) + [1, 2, 3], rank: 1, name: "ok")
        #expect(fine.dimensions == [3] && fine.bytes == [1, 2, 3])
    }

    /// Issue 12 item 9: a save interrupted at any point leaves a complete checkpoint.
    @Test func everySaveKeepsACompleteCheckpointLinked() throws {
        let (store, dir) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: store.directory)
        #expect(link == "checkpoint.v1")
        let before = try store.load()
        // A save that died while writing its new folder: the link still names the old one.
        let partial = dir + "/checkpoint.v2"
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        try Data("{".utf8).write(to: URL(fileURLWithPath: partial + "/state.json"))
        #expect(try store.load() == before)
        // The next save replaces both and removes the leftover.
        try store.save(before)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(names == ["checkpoint", "checkpoint.v3"], "\(names)")
        #expect(try store.load() == before)
    }

    @Test func aCheckpointFolderOfAnOlderVersionIsTakenOverSafely() throws {
        let (store, dir) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = try store.load()
        // The layout older versions wrote: `checkpoint` is the folder itself.
        try FileManager.default.removeItem(atPath: store.directory)
        try FileManager.default.moveItem(atPath: dir + "/checkpoint.v1", toPath: store.directory)
        #expect(try store.load() == state)
        // Died half-way through converting it: no link, the old folder renamed to v0.
        try FileManager.default.moveItem(atPath: store.directory, toPath: dir + "/checkpoint.v0")
        #expect(store.exists)
        #expect(try store.load() == state)
        try FileManager.default.moveItem(atPath: dir + "/checkpoint.v0", toPath: store.directory)
        try store.save(state)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: store.directory) == "checkpoint.v1")
        #expect(try store.load() == state)
    }

    @Test func loadsWhileSavingAlwaysFindACheckpoint() throws {
        let (store, dir) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = try store.load()
        let done = TestFlag()
        let saver = Thread {
            for _ in 0..<25 { try? store.save(state) }
            done.raise()
        }
        saver.start()
        var loads = 0
        var failures: [String] = []
        while !done.isRaised || loads == 0 {
            do {
                _ = try store.load()
            } catch {
                failures.append(String(describing: error))
            }
            loads += 1
        }
        #expect(failures.isEmpty, "\(failures.count) of \(loads) loads failed: \(failures.first ?? "")")
    }
}

/// A flag raised by one thread and read by another.
final class TestFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .sequentiallyConsistent) }
    var isRaised: Bool { raised.load(ordering: .sequentiallyConsistent) }
}
