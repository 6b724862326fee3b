import Foundation
import MarvelCore

/// The `l` view: the followed logs of an instance's pods. It opens
/// following (the newest line stays in view); moving up pauses, `f` or `G`
/// follows again. `/` searches (matches highlighted, `n`/`N` jump), `w` wraps
/// long lines (else ←/→ scroll sideways), `t` shows the kubelet's
/// timestamps, `c` chooses the pod and container, `p` shows the previous
/// container's log, `s` saves the lines to a file. When the stream breaks the
/// title says "reconnecting…" and the follower resumes by itself.
public struct ServiceLogsView: Sendable {
    /// A one-line prompt at the bottom of the view.
    enum Prompt: Sendable {
        case search(InputField)
        case save(InputField)
    }

    public let instance: String
    /// What is followed (pod, container, previous).
    public private(set) var query: LogQuery
    public private(set) var stream: any ConsoleLogStream
    /// The pods and containers `c` offers.
    public let choices: [LogChoice]
    public internal(set) var viewer = TextViewer(lines: [])
    /// True while the view sticks to the newest line.
    public internal(set) var following = true
    public internal(set) var wraps = false
    public internal(set) var showsTimestamps = false
    public internal(set) var search: LogSearch?
    /// The lines matching the search, and the one `n`/`N` went to last.
    public internal(set) var matchLines: [Int] = []
    var matchIndex: Int?
    var prompt: Prompt?
    var picker: LogPodPicker?
    /// The last read of the stream.
    public internal(set) var reading = LogReading(lines: [], dropped: 0, state: .connecting)
    /// The first display row of each line (lines wrap onto several rows).
    var rowStart: [Int] = []
    /// What the rows were built from, to extend them when only new lines arrived.
    var built: BuiltRows?
    var message: PaneFlash?

    struct BuiltRows: Sendable, Equatable {
        var dropped: Int
        var count: Int
        var width: Int
        var wraps: Bool
        var timestamps: Bool
        var search: String?
    }

    /// A view of `stream`, which follows `query`; `choices` are the pods and containers to pick from.
    public init(query: LogQuery, stream: any ConsoleLogStream, choices: [LogChoice] = []) {
        instance = query.instance
        self.query = query
        self.stream = stream
        self.choices = choices
    }

    /// True while a prompt or the picker takes every key.
    public var capturesAllKeys: Bool { prompt != nil || picker != nil }

    /// Whether the pod picker is open.
    public var isPicking: Bool { picker != nil }

    /// The text typed at the open prompt, with its label.
    public var promptLine: String? {
        switch prompt {
        case .search(let f)?, .save(let f)?: return f.prompt + f.text
        case nil: return nil
        }
    }

    /// The message for the console, once.
    public mutating func takeMessage() -> PaneFlash? {
        defer { message = nil }
        return message
    }

    /// The keys of the view now (a prompt, the picker, or the log).
    public func keyHelp(readOnly: Bool) -> [KeyHelp] {
        if picker != nil { return ConsoleReference.help(.logsPicker, readOnly: readOnly) }
        if prompt != nil { return ConsoleReference.help(.logsPrompt, readOnly: readOnly) }
        return ConsoleReference.help(.logs, readOnly: readOnly)
    }

    /// "Logs: kafka · kafka-0/broker (previous) — following".
    public var title: String {
        var what = "Logs: \(instance)"
        if let pod = query.pod { what += " · " + pod + (query.container.map { "/" + $0 } ?? "") } else if choices.count > 1 { what += " · all pods" }
        if let container = query.container, query.pod == nil { what += " · container \(container)" }
        if query.previous { what += " (previous container)" }
        return what + " — " + stateText
    }

    var stateText: String {
        switch reading.state {
        case .connecting: return "connecting…"
        case .following: return following ? "following" : "paused (f or G follows)"
        case .reconnecting(let attempt, let reason):
            return "reconnecting… (attempt \(attempt): \(reason))"
        case .ended: return query.previous ? "the previous container's log" : "stream ended"
        case .failed(let why): return "stopped: \(why)"
        }
    }

    /// Stops the stream (leaving the view).
    public func cancel() { stream.cancel() }

    /// Follows `choice` (a pod, a container) or the same streams with `previous`: a new stream.
    mutating func reopen(_ newQuery: LogQuery, backend: (any ConsoleBackend)?) {
        guard let backend else { return }
        stream.cancel()
        query = newQuery
        stream = backend.followLogs(newQuery)
        reading = LogReading(lines: [], dropped: 0, state: .connecting)
        built = nil
        following = true
        matchLines = []
        matchIndex = nil
    }

    // MARK: keys

    /// Handles a key for a text area `width` x `height`; false for keys the view has no use for.
    public mutating func handle(_ key: Key, width: Int, height: Int, backend: (any ConsoleBackend)?) -> Bool {
        if var open = picker {
            switch open.handle(key) {
            case .open: picker = open
            case .cancelled: picker = nil
            case .chosen(let choice):
                picker = nil
                var next = query
                next.pod = choice.pod
                next.container = choice.container
                if next != query { reopen(next, backend: backend) }
            }
            return true
        }
        if let open = prompt { return handlePrompt(open, key: key, width: width, height: height) }
        switch key {
        case .char("f"):
            following.toggle()
            if following { viewer.scroll(by: viewer.lines.count, height: height) }
        case .char("/"):
            prompt = .search(InputField(prompt: "search: ", text: search?.text ?? ""))
        case .char("n"), .char("N"):
            guard search != nil else {
                message = PaneFlash("no search yet — / searches")
                return true
            }
            jump(forward: key == .char("n"), height: height)
        case .char("w"):
            wraps.toggle()
            viewer.scrollHorizontally(by: -viewer.column)
            message = PaneFlash(wraps ? "long lines wrap (w: one row each, ←/→ scroll)" : "one row per line: ←/→ scroll sideways (w wraps)")
        case .char("t"):
            showsTimestamps.toggle()
        case .left:
            guard !wraps else { return true }
            viewer.scrollHorizontally(by: -max(1, width / 4))
        case .right:
            guard !wraps else { return true }
            viewer.scrollHorizontally(by: max(1, width / 4))
        case .char("c"):
            guard choices.count > 1 else {
                message = PaneFlash("\(instance) has one pod with one container: nothing to choose")
                return true
            }
            picker = LogPodPicker(choices: choices, pod: query.pod, container: query.container)
        case .char("p"):
            var next = query
            next.previous.toggle()
            reopen(next, backend: backend)
            message = PaneFlash(next.previous ? "showing the previous (terminated) container's log; p returns to the running one"
                                               : "following the running container again")
        case .char("s"):
            prompt = .save(InputField(prompt: "save to: ", text: LogSaving.defaultPath(instance: instance, now: Date())))
        case .escape where search != nil:
            search = nil
            matchLines = []
            matchIndex = nil
            built = nil
        default:
            guard viewer.handle(key, height: height) else { return false }
            switch key {
            case .end, .char("G"): following = true
            default: following = viewer.offset >= viewer.maxOffset(height: height)
            }
        }
        return true
    }

    private mutating func handlePrompt(_ open: Prompt, key: Key, width: Int, height: Int) -> Bool {
        switch open {
        case .search(var field):
            switch field.handle(key) {
            case .cancelled: prompt = nil
            case .submitted:
                prompt = nil
                let (found, problem) = LogSearch.make(field.text)
                if let problem {
                    message = PaneFlash(problem, isError: true)
                    return true
                }
                search = found
                built = nil
                update(width: width, height: height)
                matchIndex = nil
                if found != nil { jump(forward: true, height: height) }
            case .changed, .unchanged: prompt = .search(field)
            }
        case .save(var field):
            switch field.handle(key) {
            case .cancelled: prompt = nil
            case .submitted:
                prompt = nil
                message = LogSaving.save(reading.lines, to: field.text, timestamps: showsTimestamps)
            case .changed, .unchanged: prompt = .save(field)
            }
        }
        return true
    }

    /// Goes to the next (or previous) matching line, wrapping around, and pauses following.
    mutating func jump(forward: Bool, height: Int) {
        guard !matchLines.isEmpty else {
            message = PaneFlash("no line matches '\(search?.text ?? "")'", isError: true)
            return
        }
        let next: Int
        if let current = matchIndex {
            next = (current + (forward ? 1 : -1) + matchLines.count) % matchLines.count
        } else {
            // The first match from the top of the view (or the last one above it, backwards).
            let topLine = rowStart.lastIndex { $0 <= viewer.offset } ?? 0
            next = forward ? (matchLines.firstIndex { $0 >= topLine } ?? 0) : (matchLines.lastIndex { $0 < topLine } ?? matchLines.count - 1)
        }
        matchIndex = next
        following = false
        let row = rowStart[matchLines[next]]
        viewer.scroll(by: row - viewer.offset - max(0, height / 3), height: height)
        message = PaneFlash("match \(next + 1) of \(matchLines.count) for '\(search?.text ?? "")'")
    }
}
