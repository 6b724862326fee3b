/// A y/N question before a mutating action (delete, rollback): the question,
/// what the action will touch, and the request `y` submits.
public struct ServiceConfirm: Sendable {
    public var question: String
    public var details: [StyledLine]
    public var request: ConsoleRequest
    /// Names the action in the progress view ("Deleting 'kafka'").
    public var progressTitle: String

    /// A second answer besides `y` (delete's `P`: delete and purge the claims), nil when there is none.
    public var alternative: Alternative?

    /// Another action the question offers on its own key.
    public struct Alternative: Sendable {
        public var key: Character
        /// What the key does, for the question and the footer ("delete and purge its claims").
        public var label: String
        public var request: ConsoleRequest
        public var progressTitle: String

        public init(key: Character, label: String, request: ConsoleRequest, progressTitle: String) {
            self.key = key
            self.label = label
            self.request = request
            self.progressTitle = progressTitle
        }
    }

    public init(question: String, details: [StyledLine], request: ConsoleRequest, progressTitle: String, alternative: Alternative? = nil) {
        self.question = question
        self.details = details
        self.request = request
        self.progressTitle = progressTitle
        self.alternative = alternative
    }

    /// The question with the alternative offered after it ("… y/N, P = delete and purge its claims").
    public var fullQuestion: String {
        alternative.map { "\(question), \($0.key) = \($0.label)" } ?? question
    }

    /// The confirmation that submits the alternative instead of `request`.
    public var takingAlternative: ServiceConfirm? {
        alternative.map { ServiceConfirm(question: question, details: details, request: $0.request, progressTitle: $0.progressTitle) }
    }

    /// Draws the question on top, the details below, and the answer keys.
    public func render(in rect: Rect, on screen: any Screen) {
        screen.blank(rect)
        guard rect.height > 0 else { return }
        screen.draw(fullQuestion, in: rect.line(0), style: TextStyle(.statusWarn, bold: true))
        let (_, rest) = rect.splitTop(2)
        let (body, footer) = rest.splitBottom(1)
        TextViewer(lines: details).render(in: body, on: screen)
        let alternative = alternative.map { "\($0.key) \($0.label) · " } ?? ""
        screen.draw("y confirms · \(alternative)n or Esc cancels", in: footer, style: TextStyle(.keyHint))
    }
}

/// A submitted action as it runs: its progress lines and, once done, the
/// outcome (the removed objects, or the API's message on failure).
public struct ServiceJobView: Sendable {
    public let id: ConsoleJobID
    public let title: String
    public private(set) var job: ConsoleJob?

    public init(id: ConsoleJobID, title: String) {
        self.id = id
        self.title = title
    }

    /// Reads the job's state from the backend.
    public mutating func update(_ backend: (any ConsoleBackend)?) {
        if let latest = backend?.job(id) { job = latest }
    }

    /// True once the action succeeded or failed.
    public var isFinished: Bool {
        guard let job else { return false }
        return job.outcome != .running
    }

    /// The status-line message for the finished action.
    public var outcomeMessage: PaneFlash? {
        switch job?.outcome {
        case .succeeded(let line): return PaneFlash(line)
        case .failed(let line): return PaneFlash(line, isError: true)
        case .running, nil: return nil
        }
    }

    /// The title, each progress line, then the outcome (wrapped to `width` columns).
    public func lines(width: Int) -> [StyledLine] {
        var out: [StyledLine] = [StyledLine(title + (isFinished ? "" : "…"), TextStyle(.title, bold: true)), .empty]
        for line in job?.progress ?? [] { out.append(StyledLine("  " + ServiceDetail.oneLine(line))) }
        switch job?.outcome {
        case .running, nil:
            out.append(StyledLine("  working…", TextStyle(.statusPending)))
        case .succeeded(let line):
            out.append(.empty)
            out += ServiceDetail.wrap("✔ " + line, width: max(20, width)).map { StyledLine($0, TextStyle(.statusOK, bold: true)) }
            out.append(StyledLine("any key goes back to the list", TextStyle(.dim)))
        case .failed(let line):
            out.append(.empty)
            out += ServiceDetail.wrap("✖ " + line, width: max(20, width)).map { StyledLine($0, TextStyle(.statusError, bold: true)) }
            out.append(StyledLine("any key goes back to the list", TextStyle(.dim)))
        }
        return out
    }

    public func render(in rect: Rect, on screen: any Screen) {
        var viewer = TextViewer(lines: lines(width: rect.width))
        // Keep the newest lines (and the outcome) in view.
        viewer.scroll(by: viewer.lines.count, height: rect.height)
        viewer.render(in: rect, on: screen)
    }
}
