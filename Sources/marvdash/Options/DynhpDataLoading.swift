import Foundation
import MarvelCore

/// Loads the dataset of a `dynhp` command: Fashion-MNIST (installed), MNIST (--data) or the
/// synthetic set shaped for the network (its inputs and classes, `syntheticTrain` examples,
/// a sixth of that each for validation and test). A synthetic set larger than `budget`
/// is refused (naming `budgetName`) before it is generated.
enum DynhpDataLoading {
    static func load(_ dataset: String, directory: String?, widths: [Int], syntheticTrain: Int, budget: Int,
                     budgetName: String = "--budget") throws -> DynHPData {
        let kind = DatasetKind(rawValue: dataset) ?? .synthetic
        var synthetic = SyntheticDataset(dimension: widths.first ?? 784, classes: widths.last ?? 10, trainCount: syntheticTrain)
        synthetic.validationCount = max(10, syntheticTrain / 6)
        synthetic.testCount = max(10, syntheticTrain / 6)
        if kind == .synthetic { try synthetic.checkSize(budget: budget, budgetName: budgetName) }
        let audioVisual = AudioVisualCountingDataset(trainCount: syntheticTrain, validationCount: max(10, syntheticTrain / 6),
                                                     testCount: max(10, syntheticTrain / 6))
        if kind == .avccSynthetic {
            var sized = synthetic
            sized.dimension = AudioVisualCountingDataset.dimension
            try sized.checkSize(budget: budget, budgetName: budgetName)
        }
        return try DatasetLoader(synthetic: synthetic, audioVisual: audioVisual).load(kind, directory: directory)
    }
}
