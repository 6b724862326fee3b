/// What the app loop should do after a key.
public enum ConsoleAction: Sendable, Hashable {
    /// Keep running (and redraw).
    case `continue`
    /// Leave the console.
    case quit
    /// Ask the data source for a fetch now, then keep running.
    case refresh
}
