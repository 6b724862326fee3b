import Foundation

/// Reads CIFAR-10's binary batches (`data_batch_1.bin` … `data_batch_5.bin`,
/// `test_batch.bin`): records of 1 label byte and 3,072 pixel bytes, the red, green and blue
/// 32×32 planes in turn (row-major) — already the NCHW order the networks read. Pixels are
/// scaled to 0…1.
public struct CIFARReader: Sendable {
    public static let recordBytes = 1 + imageBytes
    public static let imageBytes = 3 * 32 * 32
    public static let trainFiles = (1...5).map { "data_batch_\($0).bin" }
    public static let testFile = "test_batch.bin"
    /// What to tell the user when a file is missing or corrupt.
    public var hint: String

    public init(hint: String = "pass --data DIR with CIFAR-10's binary version (data_batch_1.bin … data_batch_5.bin, test_batch.bin)") {
        self.hint = hint
    }

    /// The folder holding the batches: `directory` or its `cifar-10-batches-bin` (how the
    /// archive unpacks); nil when neither has a batch.
    public static func batchDirectory(in directory: String) -> String? {
        for dir in [directory, (directory as NSString).appendingPathComponent("cifar-10-batches-bin")] {
            let probe = (dir as NSString).appendingPathComponent(testFile)
            let first = (dir as NSString).appendingPathComponent(trainFiles[0])
            if FileManager.default.fileExists(atPath: probe) || FileManager.default.fileExists(atPath: first) { return dir }
        }
        return nil
    }

    /// Decodes one batch file's bytes; `name` is used in errors.
    public func decode(_ bytes: [UInt8], name: String) throws -> LabeledSet {
        let records = bytes.count / Self.recordBytes
        guard bytes.count % Self.recordBytes == 0 else {
            throw DatasetError(path: name, problem: "record \(records + 1) is truncated: \(bytes.count % Self.recordBytes) of \(Self.recordBytes) bytes (1 label + 3072 pixels per record)", hint: hint)
        }
        guard records > 0 else { throw DatasetError(path: name, problem: "empty file, expected records of \(Self.recordBytes) bytes", hint: hint) }
        var labels = [Int32](repeating: 0, count: records)
        var features = [Float](repeating: 0, count: records * Self.imageBytes)
        let scale: Float = 1.0 / 255.0
        for r in 0..<records {
            let base = r * Self.recordBytes
            guard bytes[base] < 10 else {
                throw DatasetError(path: name, problem: "record \(r + 1) has label \(bytes[base]), expected 0…9 (is this CIFAR-100 or another file?)", hint: hint)
            }
            labels[r] = Int32(bytes[base])
            for i in 0..<Self.imageBytes { features[r * Self.imageBytes + i] = Float(bytes[base + 1 + i]) * scale }
        }
        return LabeledSet(features: features, labels: labels, dimension: Self.imageBytes, classes: 10)
    }

    /// Reads one batch file.
    public func read(path: String) throws -> LabeledSet {
        guard FileManager.default.fileExists(atPath: path) else { throw DatasetError(path: path, problem: "file not found", hint: hint) }
        let bytes: [UInt8]
        do { bytes = try LocalFile.read(path, limit: 64 << 20) } catch { throw DatasetError(path: path, problem: "cannot read (\(error.detail))", hint: hint) }
        return try decode(bytes, name: path)
    }

    /// The five training batches in order and the test batch of `directory`.
    public func read(directory: String) throws -> (train: LabeledSet, test: LabeledSet) {
        let dir = Self.batchDirectory(in: directory) ?? directory
        var features: [Float] = [], labels: [Int32] = []
        for file in Self.trainFiles {
            let part = try read(path: (dir as NSString).appendingPathComponent(file))
            features += part.features
            labels += part.labels
        }
        let train = LabeledSet(features: features, labels: labels, dimension: Self.imageBytes, classes: 10)
        return (train, try read(path: (dir as NSString).appendingPathComponent(Self.testFile)))
    }
}
