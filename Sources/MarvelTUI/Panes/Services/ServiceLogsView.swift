/// The `l` view: the followed logs of an instance's pods. While following, the
/// view stays on the newest line; moving up (k, PgUp, g) stops following and
/// reaching the bottom again (G, End, j/PgDn to the end) resumes it.
public struct ServiceLogsView: Sendable {
    public let instance: String
    public let stream: any ConsoleLogStream
    public private(set) var viewer = TextViewer(lines: [])
    /// True while the view sticks to the newest line.
    public private(set) var following = true
    private var seenCount = -1
    private var seenLast: String?

    public init(instance: String, stream: any ConsoleLogStream) {
        self.instance = instance
        self.stream = stream
    }

    /// The title row: "Logs: kafka — following", "— stream ended", "— stopped: <error>", "— paused".
    public var title: String {
        let state: String
        switch stream.endReason() {
        case nil: state = following ? "following" : "paused (G resumes following)"
        case .some(""): state = "stream ended"
        case .some(let error): state = "stopped: \(error)"
        }
        return "Logs: \(instance) — \(state)"
    }

    /// Reads new lines from the stream; while following, scrolls to the newest.
    public mutating func update(height: Int) {
        let lines = stream.lines()
        if lines.count != seenCount || lines.last != seenLast {
            seenCount = lines.count
            seenLast = lines.last
            viewer.replaceLines(lines.map { StyledLine(ServiceDetail.oneLine($0)) })
        }
        if following { viewer.scroll(by: viewer.lines.count, height: height) }
    }

    /// Handles a movement key for a text area `height` rows high; false for other keys.
    public mutating func handle(_ key: Key, height: Int) -> Bool {
        guard viewer.handle(key, height: height) else { return false }
        switch key {
        case .end, .char("G"): following = true
        default: following = viewer.offset >= viewer.maxOffset(height: height)
        }
        return true
    }

    /// Draws the title and the lines.
    public func render(in rect: Rect, on screen: any Screen) {
        let (top, body) = rect.splitTop(1)
        let ended = stream.endReason()
        let role: StyleRole = ended == nil ? (following ? .statusOK : .statusPending) : (ended == "" ? .dim : .statusError)
        screen.blank(top)
        screen.draw(title, in: top, style: TextStyle(role, bold: true))
        if viewer.lines.isEmpty {
            screen.blank(body)
            let note = ended == nil ? "waiting for log lines…" : "no log lines"
            screen.draw(note, in: body.line(0), style: TextStyle(.dim))
            return
        }
        viewer.render(in: body, on: screen)
    }

    /// Stops the stream (Esc).
    public func cancel() { stream.cancel() }
}
