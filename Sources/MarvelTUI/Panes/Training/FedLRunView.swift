import MarvelCore

/// A federated run in the Training pane: the error and model-size charts over rounds (global
/// and per client) on top, and below them — only as tall as they need — the clients × rounds
/// availability strip and the clients' pruning side by side. When the pane is short the
/// charts keep at least half of it; when it is narrow everything stacks.
enum FedLRunView {
    static func draw(charts: [LineChart], run: RunHistory, in rect: Rect, on screen: any Screen) {
        guard !rect.isEmpty else { return }
        let clients = max(1, FedLRunCharts.clientIDs(run).count)
        let wide = rect.width >= 64
        let stripHeight = 1 + clients + (clients == 1 ? 1 : 0)
        let pruningHeight = 3 + clients + 1
        let wanted = wide ? max(stripHeight, pruningHeight) : stripHeight + pruningHeight
        let bottomHeight = rect.height >= 10 ? min(wanted, rect.height / 2) : 0
        let (top, bottom) = rect.splitBottom(bottomHeight)
        TrainingChartGrid.draw(charts, in: top, on: screen)
        guard !bottom.isEmpty else { return }
        if wide {
            let left = (bottom.width - 1) * 2 / 5
            let (strip, rest) = bottom.splitLeft(left)
            FedLAvailabilityStrip.draw(run, in: strip, on: screen)
            FedLPruningView.draw(run, in: rest.splitLeft(1).rest, on: screen)
        } else {
            let (strip, rest) = bottom.splitTop(min(stripHeight, bottom.height / 2))
            FedLAvailabilityStrip.draw(run, in: strip, on: screen)
            FedLPruningView.draw(run, in: rest, on: screen)
        }
    }
}
