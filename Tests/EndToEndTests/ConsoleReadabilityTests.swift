import Foundation
import Testing

/// Answers that matter are readable in full in the real terminal: the
/// refusal of a deploy that no node can run, at 120x40.
@Suite struct ConsoleReadabilityTests {
    /// Text with every run of whitespace (newlines of the screen included) as one space.
    static func flattened(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test func aLongNoNodeCanRunReasonIsReadableInFullAt120x40() throws {
        // What the placer says about 300 Kafka brokers (the CLI prints the same sentence).
        let place = try ProcessRunner.marvdash(["place", "kafka", "--set", "NAME=kbig", "--set", "SERVERS=301", "--demo"])
        #expect(place.status != 0)
        let firstLine = place.stderr.split(separator: "\n").first.map(String.init) ?? ""
        let reason = try #require(firstLine.range(of: "no node can run StatefulSet/kbig: ").map { String(firstLine[$0.lowerBound...]) })
        #expect(reason.count > 250, "the reason is shorter than the case it tests: \(reason)")

        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath, columns: 120, rows: 40)
        defer {
            tmux.kill()
            probe.remove()
        }
        try tmux.waitFor("EDGE")
        try tmux.sendKeys("3")
        try tmux.waitFor("Distributed streaming platform")
        try tmux.sendKeys("/")
        try tmux.sendKeys("kafka")
        try tmux.sendKeys("Enter")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Brokers")
        try tmux.sendKeys("C-u")
        try tmux.sendKeys("kbig")
        try tmux.sendKeys("Down")
        try tmux.sendKeys("C-u")
        try tmux.sendKeys("301")
        try tmux.sendKeys("Enter")
        // The preview's placement panel says it in full, wrapped.
        try tmux.waitFor("the refusal in the preview") { Self.flattened($0).contains(Self.flattened(reason)) }

        // d: the refusal goes to the message area above the key hints, whole.
        try tmux.sendKeys("d")
        try tmux.waitFor("the refusal in the message area") { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = rows.lastIndex(where: { $0.contains("✖ cannot deploy: no node can run StatefulSet/kbig") }) else { return false }
            return Self.flattened(rows[start...].joined(separator: "\n")).contains(Self.flattened(reason))
        }
        // ! shows it again in the message history.
        try tmux.sendKeys("!")
        try tmux.waitFor("the message history") { screen in
            screen.contains("Messages of this session") && Self.flattened(screen).contains(Self.flattened(reason))
        }
        try tmux.sendKeys("q")
        try tmux.waitFor("the preview again") { $0.contains("Preview:") && !$0.contains("Messages of this session") }
        #expect(!probe.finished)
        try tmux.sendKeys("q")
        try tmux.waitFor("Deploy Kafka (kafka)")
        try tmux.sendKeys("Escape")
        try tmux.waitFor("Drop the values you typed and close the form? y/N")
        try tmux.sendKeys("y")
        try tmux.waitFor("Distributed streaming platform")
        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }
}
