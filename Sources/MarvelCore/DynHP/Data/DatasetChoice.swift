/// The dataset a command trains or evaluates on, from its `--dataset` and `--data` flags:
/// an explicit `--dataset` wins; without one, a `--data` folder of CIFAR-10 batches means
/// cifar-10 and anything else Fashion-MNIST. A `--dataset` the folder's files contradict
/// (CIFAR-10 batches for an IDX image set) is refused naming both flags, never overridden.
public enum DatasetChoice {
    /// The default when neither flag says otherwise.
    public static let defaultKind = DatasetKind.fashionMNIST

    public static func resolve(dataset: String?, data directory: String?) throws(DatasetError) -> DatasetKind {
        let holdsCIFAR = directory.map { CIFARReader.batchDirectory(in: $0) != nil } ?? false
        guard let dataset else { return holdsCIFAR ? .cifar10 : defaultKind }
        guard let kind = DatasetKind(rawValue: dataset) else {
            throw DatasetError(path: "--dataset", problem: "unknown dataset '\(dataset)'",
                               hint: "use one of \(DatasetKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if holdsCIFAR, kind == .mnist || kind == .fashionMNIST, let directory {
            throw DatasetError(path: "--data \(directory)", problem: "holds CIFAR-10 batches but --dataset is \(dataset)",
                               hint: "pass --dataset cifar-10, leave --dataset out, or point --data at a folder of \(dataset)'s IDX files")
        }
        return kind
    }
}
