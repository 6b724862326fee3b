/// A pane that can take every key for a while (a form, a y/N question) and
/// ask the console to flash a message. The console checks for it after the
/// keys it handles itself would otherwise win (`q`, digits, Tab, `/`, `:`).
public protocol InteractivePane: Pane {
    /// True while the pane wants every key, the console's own ones included.
    var capturesAllKeys: Bool { get }
    /// The message the pane wants on the status line, once; the console takes
    /// it after every key and frame.
    mutating func takeFlash() -> PaneFlash?
    /// Runs a command typed at the `:` prompt that the console itself does not
    /// know (":rollback 2"); false when the pane does not know it either.
    mutating func runCommand(_ text: String, context: PaneContext) -> Bool
}

extension InteractivePane {
    public mutating func runCommand(_ text: String, context: PaneContext) -> Bool { false }
}

/// A one-off status-line message asked for by a pane.
public struct PaneFlash: Sendable, Hashable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}
