import Foundation

/// The datasets `marvdash dynhp` knows.
public enum DatasetKind: String, Sendable, CaseIterable {
    case fashionMNIST = "fashion-mnist"
    case mnist
    case synthetic
    /// CIFAR-10's binary batches (`--data DIR`; not installable here).
    case cifar10 = "cifar-10"
    /// The synthetic audio-visual counting set (`AudioVisualCountingDataset`, regression).
    case avccSynthetic = "avcc-synthetic"
}

/// Loads a dataset and splits it: the last `validationSize` training examples are the
/// validation set (a fixed, deterministic split), the rest train; the test set is separate.
public struct DatasetLoader: Sendable {
    /// Where the Debian package dataset-fashion-mnist installs the files.
    public static let fashionMNISTDirectory = "/usr/share/datasets/fashion-mnist"

    public var validationSize: Int
    /// Shape of the synthetic dataset.
    public var synthetic: SyntheticDataset
    /// Sizes of the synthetic audio-visual counting set.
    public var audioVisual: AudioVisualCountingDataset

    public init(validationSize: Int = 5_000, synthetic: SyntheticDataset = SyntheticDataset(),
                audioVisual: AudioVisualCountingDataset = AudioVisualCountingDataset()) {
        self.validationSize = validationSize
        self.synthetic = synthetic
        self.audioVisual = audioVisual
    }

    /// Loads `kind`; `directory` overrides where the files are (required for MNIST and
    /// CIFAR-10). `kind` is what is loaded: `DatasetChoice` picks it from the flags.
    public func load(_ kind: DatasetKind, directory: String? = nil) throws -> DynHPData {
        switch kind {
        case .synthetic:
            return synthetic.generate()
        case .avccSynthetic:
            return audioVisual.generate()
        case .cifar10:
            guard let dir = directory else {
                throw DatasetError(path: "--data", problem: "CIFAR-10 is not installed with marvdash",
                                   hint: "pass --data DIR with CIFAR-10's binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin)")
            }
            return try loadCIFAR(directory: dir)
        case .fashionMNIST:
            let dir = directory ?? Self.fashionMNISTDirectory
            let hint = directory == nil
                ? "install the package dataset-fashion-mnist (make deps) or pass --data DIR with the four IDX files"
                : "pass --data DIR with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"
            return try loadIDX(name: kind.rawValue, directory: dir, hint: hint)
        case .mnist:
            guard let dir = directory else {
                throw DatasetError(path: "--data", problem: "MNIST is not installed with marvdash",
                                   hint: "pass --data DIR with the four MNIST IDX files (train-images-idx3-ubyte.gz …)")
            }
            return try loadIDX(name: kind.rawValue, directory: dir,
                               hint: "pass --data DIR with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz")
        }
    }

    /// Reads CIFAR-10's five training batches and its test batch from `directory`.
    public func loadCIFAR(directory: String) throws -> DynHPData {
        let (trainAll, test) = try CIFARReader().read(directory: directory)
        let valCount = min(validationSize, trainAll.count / 2)
        let cut = trainAll.count - valCount
        return DynHPData(name: DatasetKind.cifar10.rawValue, train: trainAll.slice(0..<cut), validation: trainAll.slice(cut..<trainAll.count), test: test)
    }

    /// Reads `{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]` from `directory`.
    public func loadIDX(name: String, directory: String, hint: String) throws -> DynHPData {
        let reader = IDXReader(hint: hint)
        let trainAll = try readSet(reader, directory: directory, prefix: "train")
        let test = try readSet(reader, directory: directory, prefix: "t10k")
        guard trainAll.dimension == test.dimension else {
            throw DatasetError(path: directory, problem: "train images are \(trainAll.dimension) pixels but test images \(test.dimension)", hint: hint)
        }
        let valCount = min(validationSize, trainAll.count / 2)
        let cut = trainAll.count - valCount
        return DynHPData(name: name, train: trainAll.slice(0..<cut), validation: trainAll.slice(cut..<trainAll.count), test: test)
    }

    private func path(_ directory: String, _ base: String) -> String {
        let plain = (directory as NSString).appendingPathComponent(base)
        if FileManager.default.fileExists(atPath: plain + ".gz") || !FileManager.default.fileExists(atPath: plain) {
            return plain + ".gz"
        }
        return plain
    }

    private func readSet(_ reader: IDXReader, directory: String, prefix: String) throws -> LabeledSet {
        let imagesPath = path(directory, "\(prefix)-images-idx3-ubyte")
        let labelsPath = path(directory, "\(prefix)-labels-idx1-ubyte")
        let images = try reader.read(path: imagesPath, rank: 3)
        let labels = try reader.read(path: labelsPath, rank: 1)
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw DatasetError(path: labelsPath, problem: "\(labels.dimensions[0]) labels for \(images.dimensions[0]) images in \(imagesPath)", hint: reader.hint)
        }
        let dimension = images.dimensions[1] * images.dimensions[2]
        if let maxLabel = labels.bytes.max(), maxLabel >= 10 {
            throw DatasetError(path: labelsPath, problem: "label \(maxLabel) out of range 0…9", hint: reader.hint)
        }
        let scale: Float = 1.0 / 255.0
        let features = images.bytes.map { Float($0) * scale }
        return LabeledSet(features: features, labels: labels.bytes.map { Int32($0) }, dimension: dimension, classes: 10)
    }
}
