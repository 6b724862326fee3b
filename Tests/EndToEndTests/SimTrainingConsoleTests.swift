import Foundation
import Testing

/// `marvdash --demo` in tmux: DynHP training deployed from the Templates pane trains for
/// real inside the embedded cluster, and the Training pane follows its epochs live.
@Suite struct SimTrainingConsoleTests {

    @Test func deployedTrainingShowsLiveEpochsOnTheTrainingPane() throws {
        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath, columns: 140, rows: 40)
        defer {
            tmux.kill()
            probe.remove()
        }
        try tmux.waitFor("EDGE")
        try tmux.sendKeys("3")
        try tmux.waitFor("Distributed streaming platform")
        try tmux.sendKeys("/")
        try tmux.sendKeys("dynhp-train")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("filter: dynhp-train")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Deploy DynHP training (dynhp-train)")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Preview:")
        try tmux.sendKeys("d")
        try tmux.waitFor("? y/N")
        try tmux.sendKeys("y")
        try tmux.waitFor("✔ deployed dynhp-train as 'dynhp-train'")
        try tmux.sendKeys("Space")
        try tmux.waitFor("Trains a model and hard-prunes it")

        // The Training pane: the pod's run appears and its epochs advance by themselves.
        try tmux.sendKeys("5")
        try tmux.waitFor("the run of pod dynhp-train-…", seconds: 60) { $0.contains("dynhp-train-") && $0.contains("Model size") }
        var first = 0
        try tmux.waitFor("a first epoch", seconds: 60) { screen in
            first = Self.epochShown(screen) ?? 0
            return first >= 1
        }
        // The header says plainly that the embedded cluster trains a reduced network.
        try tmux.waitFor("a later epoch than \(first) and the run's header", seconds: 60) {
            (Self.epochShown($0) ?? 0) > first && $0.contains("784-300-100-10 reduced to 196-75-25-10 for the embedded cluster")
        }

        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }

    /// The highest "N/20" epoch counter on the screen (the template trains 20 epochs).
    static func epochShown(_ screen: String) -> Int? {
        var best: Int?
        for word in screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" }) where word.hasSuffix("/20") {
            if let n = Int(word.dropLast(3)), n <= 20 { best = max(best ?? 0, n) }
        }
        return best
    }
}
