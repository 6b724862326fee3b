import Foundation
import MarvelCore

/// A checkpoint folder as `dynhp train --resume` reads it: the input is a pack of files
/// (`state.json` and NPY tensors), written into a folder, loaded, handed to a trainer on
/// the tiny dataset the seed was trained on, and trained for a few steps — where corrupt
/// fields used to crash.
enum CheckpointFuzz {
    /// The dataset and network of the seed: 8 features, 3 classes, 24 training examples.
    static let data = SyntheticDataset(dimension: 8, informative: 4, classes: 3, trainCount: 24, validationCount: 10,
                                       testCount: 10, noise: 1, seed: 11).generate()
    static let config = DynHPConfig(widths: [8, 6, 3], mode: .dynhp, lambda: 1, threshold: 0.5, alphaBS: 0.9, batchSize: 4,
                                    budgetBytes: 1 << 20, epochs: 3, seed: 5, learningRate: 0.01)

    /// A file in a pack: `\n#file NAME\n` then its bytes, up to the next marker.
    static let marker = Array("\n#file ".utf8)

    static func pack(_ files: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        files.reduce(into: [UInt8]()) { out, file in out += marker + Array(file.name.utf8) + [0x0A] + file.bytes }
    }

    static func unpack(_ bytes: [UInt8]) -> [(name: String, bytes: [UInt8])] {
        var starts: [Int] = []
        var i = 0
        while i + marker.count <= bytes.count {
            if bytes[i] == marker[0], Array(bytes[i..<(i + marker.count)]) == marker {
                starts.append(i)
                i += marker.count
            } else {
                i += 1
            }
        }
        var files: [(String, [UInt8])] = []
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : bytes.count
            let body = bytes[(start + marker.count)..<end]
            guard let newline = body.firstIndex(of: 0x0A) else { continue }
            let name = String(decoding: body[..<newline], as: UTF8.self)
            // Only plain file names: the pack must not write outside its folder.
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }),
                  name != ".", name != ".." else { continue }
            files.append((name, Array(body[(newline + 1)...])))
        }
        return files
    }

    /// The seed: a run stopped mid-epoch (a non-empty permutation) and checkpointed.
    static func seed() throws -> [UInt8] {
        let trainer = try DynHPTrainer(config: config, data: data, runID: "fuzz-seed")
        var steps = 0
        _ = trainer.trainEpoch(shouldStop: { steps += 1; return steps > 3 })
        let dir = FuzzInput.scratchDirectory + "/seed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = CheckpointStore(outputDirectory: dir)
        try store.save(trainer.state)
        let names = try FileManager.default.contentsOfDirectory(atPath: store.directory).sorted()
        return pack(try names.map { ($0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: store.directory + "/" + $0)))) })
    }

    static let target = FuzzTarget(
        name: "checkpoint", summary: "checkpoint loading and resuming (dynhp train --resume), a few training steps", maxLength: 256 * 1024
    ) { bytes in
        _ = try? resumes(bytes)
    }

    /// Writes the packed files as a checkpoint folder, loads it, and trains a few steps on
    /// it; whether it resumed (errors are thrown).
    static func resumes(_ bytes: [UInt8]) throws -> Bool {
        let out = FuzzInput.scratchDirectory + "/checkpoint-run"
        let folder = out + "/checkpoint"
        try? FileManager.default.removeItem(atPath: out)
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in unpack(bytes) {
            _ = FileManager.default.createFile(atPath: folder + "/" + file.name, contents: Data(file.bytes))
        }
        let state = try CheckpointStore(outputDirectory: out).load()
        let trainer = try DynHPTrainer(state: state, data: data)
        var steps = 0
        _ = trainer.trainEpoch(shouldStop: { steps += 1; return steps > 4 })
        _ = trainer.finalModel.parameterCount
        return true
    }
}
