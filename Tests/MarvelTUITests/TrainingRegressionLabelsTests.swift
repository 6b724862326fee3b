import Foundation
import MarvelCore
import Testing

@testable import MarvelTUI

/// A mean squared error run (loss: mse, `error_metric: "mse"`) is charted and tabled as MSE
/// numbers, never as a classification error in percent.
@Suite struct TrainingRegressionLabelsTests {
    static func history(regression: Bool) -> RunHistory {
        var h = RunHistory(run: "avcc")
        for e in 1...3 {
            var epoch = DynHPEpoch(run: "avcc", ts: Date(timeIntervalSince1970: Double(e)), epoch: e, epochs: 3, loss: 0.05 / Double(e),
                                   trainError: 0.05 / Double(e), valError: 0.04 / Double(e), testError: 0.0412 / Double(e),
                                   params: 40_000, paramsInitial: 43_561, active: [16, 8], batchSize: 32, memoryBytes: 1 << 20, flops: 1_000)
            if regression {
                epoch.errorMetric = DynHPEpoch.meanSquaredErrorMetric
                epoch.valMAE = 0.1
                epoch.testMAE = 0.1
            }
            h.apply(.dynhpEpoch(epoch))
        }
        return h
    }

    @Test func meanSquaredErrorRunsAreChartedAsMSENumbers() {
        let specs = TrainingCharts.dynhpSeries(Self.history(regression: true))
        #expect(specs.map(\.title).contains("MSE"))
        #expect(!specs.map(\.title).contains("Error %"))
        let mse = specs.first { $0.title == "MSE" }
        #expect(mse?.format == .number)
        #expect(mse?.series.first { $0.name == "test" }?.points.last?.y == 0.0412 / 3, "the value itself, not ×100")
        let classification = TrainingCharts.dynhpSeries(Self.history(regression: false))
        #expect(classification.map(\.title).contains("Error %"))
    }

    @Test func epochAndRunTablesShowTheMSENotAPercentage() {
        #expect(TrainingRunTable.error(0.0412, regression: true) == "0.0412")
        #expect(TrainingRunTable.error(0.0412, regression: false) == "4.1%")
        let rows = TrainingEpochTable.rows(for: Self.history(regression: true))
        guard case .data(let cells) = rows[0] else { Issue.record("no data row"); return }
        #expect(cells[4] == .plain("0.0412"), "TEST column of epoch 1")
    }
}
