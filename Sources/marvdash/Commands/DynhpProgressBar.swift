import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal and at most
/// ten times a second; stdout (the metrics lines) is never touched.
struct DynhpProgressBar {
    let enabled = isatty(STDERR_FILENO) == 1
    private var lastDraw: UInt64 = 0

    mutating func draw(epoch: Int, epochs: Int, fraction: Double, batch: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 100_000_000 || fraction >= 1 else { return }
        lastDraw = now
        let width = 30
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: min(width, filled)) + String(repeating: "-", count: max(0, width - filled))
        let percent = String(format: "%3.0f%%", fraction * 100)
        let line = "\repoch \(epoch)/\(epochs) [\(bar)] \(percent)  batch \(batch) "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
