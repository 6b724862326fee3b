import Foundation
import Testing
@testable import MarvelCore

/// CIFAR-10's binary batches, written small by the test: labels, the R, G, B planes in NCHW
/// order, scaling to 0…1, detection from the files, and one-line errors naming the file and
/// record for missing, truncated or foreign files.
@Suite struct CIFARReaderTests {
    /// A record: label, then pixel i of plane c = (c·1024 + i + seed) mod 256.
    static func record(label: UInt8, seed: Int) -> [UInt8] {
        [label] + (0..<3072).map { UInt8(truncatingIfNeeded: $0 + seed) }
    }

    static func writeBatches(_ dir: String, recordsPerFile: Int = 2) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (f, file) in (CIFARReader.trainFiles + [CIFARReader.testFile]).enumerated() {
            let bytes = (0..<recordsPerFile).flatMap { r in record(label: UInt8((f * recordsPerFile + r) % 10), seed: f * 10 + r) }
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + file))
        }
    }

    static func tempDir() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cifar-\(UUID().uuidString)").path
    }

    @Test func readsLabelsPixelsInPlaneOrderAndScalesThem() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeBatches(dir + "/cifar-10-batches-bin")
        let data = try DatasetLoader(validationSize: 4).load(.cifar10, directory: dir)
        #expect(data.name == "cifar-10")
        #expect(data.train.count == 6 && data.validation.count == 4 && data.test.count == 2)
        #expect(data.train.dimension == 3072 && data.train.classes == 10)
        #expect(data.train.labels == [0, 1, 2, 3, 4, 5])
        #expect(data.validation.labels == [6, 7, 8, 9])
        #expect(data.test.labels == [0, 1], "test_batch.bin: records 10 and 11 → labels 0 and 1")
        // Example 1 (batch 1, record 1, seed 1): red pixel 0 = 1, green pixel 0 = 1024 + 1, blue pixel 5 = 2048 + 5 + 1.
        let row = Array(data.train.features[3072..<6144])
        #expect(abs(row[0] - 1 / 255) < 1e-7)
        #expect(abs(row[1024] - Float((1024 + 1) % 256) / 255) < 1e-7)
        #expect(abs(row[2048 + 5] - Float((2048 + 6) % 256) / 255) < 1e-7)
        #expect(row.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(row.contains(1), "255 scales to 1")
    }

    @Test func aFolderOfCIFARBatchesIsTheDefaultButNeverOverridesAnExplicitDataset() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeBatches(dir)
        #expect(try DatasetChoice.resolve(dataset: nil, data: dir) == .cifar10)
        #expect(try DatasetChoice.resolve(dataset: "cifar-10", data: dir) == .cifar10)
        #expect(try DatasetChoice.resolve(dataset: "synthetic", data: dir) == .synthetic)
        #expect(try DatasetChoice.resolve(dataset: nil, data: nil) == .fashionMNIST)
        #expect(try DatasetChoice.resolve(dataset: nil, data: Self.tempDir()) == .fashionMNIST, "a folder without CIFAR batches")
        #expect(throws: DatasetError(path: "--data \(dir)", problem: "holds CIFAR-10 batches but --dataset is mnist",
                                     hint: "pass --dataset cifar-10, leave --dataset out, or point --data at a folder of mnist's IDX files")) {
            try DatasetChoice.resolve(dataset: "mnist", data: dir)
        }
        #expect(throws: DatasetError.self) { try DatasetChoice.resolve(dataset: "imagenet", data: nil) }
        // The loader loads the kind it is given: Fashion-MNIST's IDX files are not in a CIFAR folder.
        #expect(throws: DatasetError.self) { try DatasetLoader(validationSize: 2).load(.fashionMNIST, directory: dir) }
        let data = try DatasetLoader(validationSize: 2).load(.cifar10, directory: dir)
        #expect(data.name == "cifar-10" && data.train.dimension == 3072)
    }

    @Test func truncatedForeignAndMissingFilesFailInOneLineNamingFileAndRecord() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeBatches(dir)
        let batch3 = dir + "/data_batch_3.bin"
        try Data(Self.record(label: 1, seed: 0) + Self.record(label: 2, seed: 0).prefix(100)).write(to: URL(fileURLWithPath: batch3))
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        let truncated = message { _ = try DatasetLoader().load(.cifar10, directory: dir) }
        #expect(truncated.contains("data_batch_3.bin") && truncated.contains("record 2 is truncated: 100 of 3073 bytes"), "\(truncated)")
        try Data(Self.record(label: 42, seed: 0)).write(to: URL(fileURLWithPath: batch3))
        let foreign = message { _ = try DatasetLoader().load(.cifar10, directory: dir) }
        #expect(foreign.contains("data_batch_3.bin") && foreign.contains("record 1 has label 42"), "\(foreign)")
        try FileManager.default.removeItem(atPath: batch3)
        let missing = message { _ = try DatasetLoader().load(.cifar10, directory: dir) }
        #expect(missing.contains("data_batch_3.bin: file not found") && missing.contains("--data"), "\(missing)")
        let none = message { _ = try DatasetLoader().load(.cifar10) }
        #expect(none.contains("--data"), "\(none)")
        for m in [truncated, foreign, missing, none] { #expect(!m.contains("\n")) }
    }
}
