import CZlib
import Foundation
import Testing
@testable import MarvelCore

/// IDX files through gzip, dataset errors, the split, the synthetic set, NPY tensors and
/// model folders.
@Suite struct DynHPDataTests {
    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dynhp-data-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func gzip(_ bytes: [UInt8], to path: String) throws {
        let file = try #require(gzopen(path, "wb"))
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
        #expect(Int(written) == bytes.count)
    }

    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }

    /// Writes an IDX image file (count × 2 × 2) and a label file with a given prefix.
    static func writeSet(_ dir: String, prefix: String, count: Int) throws {
        var images: [UInt8] = [0, 0, 8, 3] + be32(count) + be32(2) + be32(2)
        for i in 0..<count { images += [UInt8(i), 255, 0, UInt8(2 * i)] }
        var labels: [UInt8] = [0, 0, 8, 1] + be32(count)
        for i in 0..<count { labels.append(UInt8(i % 10)) }
        try gzip(images, to: dir + "/\(prefix)-images-idx3-ubyte.gz")
        try gzip(labels, to: dir + "/\(prefix)-labels-idx1-ubyte.gz")
    }

    @Test func readsGzippedIDXFilesAndSplitsDeterministically() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeSet(dir, prefix: "train", count: 12)
        try Self.writeSet(dir, prefix: "t10k", count: 4)
        let data = try DatasetLoader(validationSize: 3).load(.mnist, directory: dir)
        #expect(data.train.count == 9 && data.validation.count == 3 && data.test.count == 4)
        #expect(data.train.dimension == 4)
        let second: [Float] = [Float(1) / 255, 1, 0, Float(2) / 255]
        #expect(Array(data.train.features[4..<8]) == second)
        #expect(data.validation.labels == [9, 0, 1], "the last examples of train are the validation set")
        #expect(data.test.labels == [0, 1, 2, 3])
    }

    @Test func readsUncompressedIDXFilesToo() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (prefix, count) in [("train", 6), ("t10k", 2)] {
            var images: [UInt8] = [0, 0, 8, 3] + Self.be32(count) + Self.be32(2) + Self.be32(2)
            for i in 0..<count { images += [UInt8(i), 255, 0, UInt8(2 * i)] }
            let labels: [UInt8] = [0, 0, 8, 1] + Self.be32(count) + (0..<count).map { UInt8(9 - $0) }
            try Data(images).write(to: URL(fileURLWithPath: dir + "/\(prefix)-images-idx3-ubyte"))
            try Data(labels).write(to: URL(fileURLWithPath: dir + "/\(prefix)-labels-idx1-ubyte"))
        }
        let data = try DatasetLoader(validationSize: 2).load(.fashionMNIST, directory: dir)
        #expect(data.name == "fashion-mnist" && data.train.count == 4 && data.test.count == 2)
        #expect(Array(data.train.features[8..<12]) == [Float(2) / 255, 1, 0, Float(4) / 255], "row-major pixels of image 2, scaled")
        #expect(data.train.labels == [9, 8, 7, 6] && data.test.labels == [9, 8])
    }

    @Test func missingAndCorruptFilesGiveOneLineErrors() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = String(describing: try #require(throws: DatasetError.self) {
            _ = try DatasetLoader().load(.fashionMNIST, directory: dir)
        })
        #expect(missing.contains(dir + "/train-images-idx3-ubyte.gz") && missing.contains("not found") && missing.contains("--data"))
        #expect(!missing.contains("\n"))
        let noData = String(describing: try #require(throws: DatasetError.self) { _ = try DatasetLoader().load(.mnist) })
        #expect(noData.contains("--data DIR"))

        try Self.gzip(Array("hello, this is not an IDX file at all".utf8), to: dir + "/train-images-idx3-ubyte.gz")
        let corrupt = String(describing: try #require(throws: DatasetError.self) {
            _ = try DatasetLoader().load(.mnist, directory: dir)
        })
        #expect(corrupt.contains("not an IDX file"))

        var truncated: [UInt8] = [0, 0, 8, 3] + Self.be32(5) + Self.be32(2) + Self.be32(2)
        truncated += [1, 2, 3]
        try Self.gzip(truncated, to: dir + "/train-images-idx3-ubyte.gz")
        let short = String(describing: try #require(throws: DatasetError.self) {
            _ = try DatasetLoader().load(.mnist, directory: dir)
        })
        #expect(short.contains("truncated data"))
    }

    @Test func syntheticDatasetIsSeededAndShaped() {
        let spec = SyntheticDataset(dimension: 30, informative: 10, classes: 3, trainCount: 50, validationCount: 10, testCount: 10)
        let a = spec.generate(), b = spec.generate()
        #expect(a == b)
        #expect(a.train.features.count == 50 * 30 && a.train.classes == 3)
        #expect(Set(a.train.labels).isSubset(of: [0, 1, 2]))
    }

    @Test func npyTensorsRoundTrip() throws {
        let values: [Float] = [1.5, -2, 0, 3.25, 7, 8]
        let array = NPYArray(values, shape: [2, 3])
        let bytes = array.encoded()
        #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let back = try NPYArray.decode(bytes, name: "t.npy")
        #expect(back.shape == [2, 3] && back.floats == values)
        let ints = try NPYArray.decode(NPYArray([Int64(3), -1, 1 << 40]).encoded(), name: "i.npy")
        #expect(ints.int64s == [3, -1, 1 << 40] && ints.shape == [3])
        #expect(throws: DatasetError.self) { _ = try NPYArray.decode([1, 2, 3], name: "bad.npy") }
    }

    @Test func numpyLoadsOurTensors() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { return }
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try NPYArray([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3]).write(to: dir + "/w.npy")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        let check = "import sys\ntry:\n import numpy\nexcept ImportError:\n print('skip'); sys.exit(0)\na = numpy.load(sys.argv[1])\nprint(a.dtype, a.shape, a.sum())"
        process.arguments = ["-c", check, dir + "/w.npy"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        if !out.hasPrefix("skip") { #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "float32 (2, 3) 21.0") }
    }

    @Test func modelFolderRoundTripsAndPredictsTheSame() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = Xoshiro256(seed: 4)
        let model = GatedMLP.random(widths: [10, 6, 3], using: &rng).compacted(keeping: [[0, 2, 4, 5, 9], [1, 3, 4]])
        try ModelArchive.write(model, to: dir, metrics: ["test_error": 0.1])
        let (back, info) = try ModelArchive.read(from: dir)
        #expect(back == model)
        #expect(info["params"]?.intValue == model.parameterCount)
        #expect(JSONValue.object(info).at("metrics", "test_error")?.doubleValue == 0.1)
        try "{\"format\": \"other\"}".write(toFile: dir + "/model.json", atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.self) { _ = try ModelArchive.read(from: dir) }
    }
}
