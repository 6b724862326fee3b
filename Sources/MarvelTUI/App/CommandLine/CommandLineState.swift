/// The `:` prompt while it is open: the text being typed, where ↑/↓ are in
/// the history, and the completions Tab is cycling through.
struct CommandLineState: Sendable {
    /// What a key did at the prompt.
    enum Outcome: Sendable, Equatable {
        case editing
        /// Enter: run this line.
        case submitted(String)
        case cancelled
        /// Tab found several completions (shown to the operator), or none.
        case candidates([String])
    }

    private(set) var field = InputField(prompt: ":")
    /// The history entry shown (index into the history), nil while typing a new line.
    private var historyIndex: Int?
    /// The line being typed before ↑ was pressed, given back by ↓ past the newest entry.
    private var draft = ""
    /// Completions being cycled by repeated Tabs, and the one shown.
    private var cycle: (stem: String, candidates: [String], index: Int)?

    var text: String { field.text }

    mutating func handle(_ key: Key, history: [String], complete: (String) -> CommandCompletion.Result) -> Outcome {
        if key != .tab && key != .backTab { cycle = nil }
        switch key {
        case .tab, .backTab:
            return completeWord(forward: key == .tab, complete: complete)
        case .up:
            guard !history.isEmpty else { return .editing }
            if historyIndex == nil { draft = field.text }
            let index = max(0, (historyIndex ?? history.count) - 1)
            historyIndex = index
            field.replace(with: history[index])
            return .editing
        case .down:
            guard let index = historyIndex else { return .editing }
            if index + 1 < history.count {
                historyIndex = index + 1
                field.replace(with: history[index + 1])
            } else {
                historyIndex = nil
                field.replace(with: draft)
            }
            return .editing
        default:
            switch field.handle(key) {
            case .submitted: return .submitted(field.text)
            case .cancelled: return .cancelled
            case .changed:
                historyIndex = nil
                return .editing
            case .unchanged: return .editing
            }
        }
    }

    /// Tab: one completion is taken; several extend the word to what they share, and
    /// further Tabs (Shift-Tab backwards) step through them.
    private mutating func completeWord(forward: Bool, complete: (String) -> CommandCompletion.Result) -> Outcome {
        if var running = cycle, !running.candidates.isEmpty {
            let n = running.candidates.count
            running.index = ((running.index + (forward ? 1 : -1)) % n + n) % n
            cycle = running
            field.replace(with: running.stem + running.candidates[running.index])
            return .editing
        }
        let result = complete(field.text)
        switch result.candidates.count {
        case 0:
            return .candidates([])
        case 1:
            field.replace(with: result.stem + result.candidates[0] + (result.wantsArgument ? " " : ""))
            return .editing
        default:
            let shared = result.commonPrefix
            if shared.count > result.word.count {
                field.replace(with: result.stem + shared)
            } else {
                let index = forward ? 0 : result.candidates.count - 1
                cycle = (result.stem, result.candidates, index)
                field.replace(with: result.stem + result.candidates[index])
            }
            return .candidates(result.candidates)
        }
    }

    func render(row: Int, column: Int, width: Int, on screen: any Screen) {
        field.render(row: row, column: column, width: width, on: screen)
    }
}
