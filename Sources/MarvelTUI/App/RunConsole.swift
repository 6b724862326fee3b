import Foundation

/// Runs the console on the real terminal until `q`, `:q` or a signal.
/// Redraws on every key, when the data source's generation changes, and
/// once a second for the clock. The terminal is restored on every path,
/// thrown errors included. Returns 0, or 128 + the signal number.
public func runConsole(_ options: ConsoleOptions) throws -> Int32 {
    let terminal = try CursesTerminal(theme: options.theme, environment: options.environment, mouse: options.mouse)
    defer { terminal.restore() }
    // Credential plugins that prompt get the terminal between frames, curses suspended.
    let lending = TerminalLendingQueue()
    if let handoff = options.terminalHandoff { lending.install(on: handoff) }
    defer {
        options.terminalHandoff?.setLender(nil)
        lending.close()
    }
    options.source.start()
    options.backend?.start()
    let console = Console(options: options)
    // A `:ctx` switch replaces the source and backend: stop whichever are current at the end.
    defer { console.shutdown() }
    var drawnGeneration: Int?
    var drawnSecond: Int?
    var dirty = true
    while true {
        if let signal = terminal.pendingSignal { return 128 + signal }
        if lending.drain({ terminal.suspended($0) }) { dirty = true }
        let now = Date()
        let second = Int(now.timeIntervalSince1970)
        let generation = console.options.source.current().generation
        if dirty || generation != drawnGeneration || second != drawnSecond {
            console.render(on: terminal, now: now)
            drawnGeneration = generation
            drawnSecond = second
            dirty = false
        }
        guard let key = terminal.readKey(timeoutMilliseconds: 100) else { continue }
        switch console.handle(key) {
        case .quit: return 0
        case .refresh:
            console.options.source.refreshNow()
            console.options.backend?.refreshNow()
            console.options.images?.refresh()
        case .continue: break
        }
        dirty = true
    }
}
