import ArgumentParser

/// Flags of the console itself.
struct ConsoleFlags: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Colour theme: a name from Themes/ (default, light, …) or a path to a theme file.", valueName: "name"))
    var theme: String?

    @Flag(name: .customLong("read-only"), help: "Hide every key that would change the cluster.")
    var readOnly = false

    @Option(name: .long, help: ArgumentHelp("A training-metrics file (JSON lines, e.g. from `marvdash dynhp train > FILE`) to follow in the Training pane; repeatable.", valueName: "file"))
    var metrics: [String] = []

    @Flag(name: .long, help: "Mouse in the console: the wheel scrolls, a click selects a table row (off by default; the terminal's own selection then needs Shift).")
    var mouse = false
}
