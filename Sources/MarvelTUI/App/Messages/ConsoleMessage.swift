import Foundation

/// A message for the operator: an action's outcome, a refusal, an error.
public struct ConsoleMessage: Sendable, Hashable {
    public var text: String
    public var isError: Bool
    /// When it first showed (set by the first frame that drew it).
    public var shownAt: Date?

    public init(_ text: String, isError: Bool = false, shownAt: Date? = nil) {
        self.text = text
        self.isError = isError
        self.shownAt = shownAt
    }
}

/// The session's messages: the one on screen (gone at the next key, or after
/// `infoSeconds` when it is not an error) and the last `capacity` ones, which
/// `!` shows in full.
struct MessageLog: Sendable {
    static let capacity = 200
    /// How long a message that is not an error stays when no key is pressed.
    static var infoSeconds: TimeInterval { Console.flashSeconds }

    private(set) var current: ConsoleMessage?
    /// Oldest first.
    private(set) var history: [ConsoleMessage] = []

    /// Shows `message` now and keeps it in the history.
    mutating func post(_ message: ConsoleMessage) {
        current = message
        history.append(message)
        if history.count > Self.capacity { history.removeFirst(history.count - Self.capacity) }
    }

    /// The next key was pressed: the message on screen has been seen.
    mutating func clear() { current = nil }

    /// The message to draw at `now` (dating it the first time), nil once an info message has expired.
    mutating func shown(at now: Date) -> ConsoleMessage? {
        guard var message = current else { return nil }
        if message.shownAt == nil {
            message.shownAt = now
            current = message
            if let last = history.indices.last, history[last].text == message.text, history[last].shownAt == nil {
                history[last].shownAt = now
            }
        }
        if !message.isError, let at = message.shownAt, now.timeIntervalSince(at) > Self.infoSeconds {
            current = nil
            return nil
        }
        return message
    }
}
