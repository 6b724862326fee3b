import Testing

/// Ends an end-to-end test after a failed wait (the failure is already recorded).
struct E2EStop: Error {}

extension TmuxSession {
    /// Waits (generous deadline: it only matters when the console is wrong) until `check`
    /// holds for the screen; otherwise records a failure naming `what` with the screen as it
    /// was, at the caller's line, and throws `E2EStop`. Check every text of one frame in one
    /// wait: a capture may land while curses is still drawing.
    func waitFor(
        _ what: String, seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation,
        _ check: @escaping (String) -> Bool
    ) throws {
        let seen = try ProcessRunner.waitUntil(seconds: seconds) { check(try screen()) }
        #expect(seen, "never saw \(what); screen:\n\((try? screen()) ?? "")", sourceLocation: sourceLocation)
        if !seen { throw E2EStop() }
    }

    /// Waits until the screen contains `text` (see `waitFor(_:seconds:_:)`).
    func waitFor(_ text: String, seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try waitFor("\"\(text)\"", seconds: seconds, sourceLocation: sourceLocation) { $0.contains(text) }
    }
}
