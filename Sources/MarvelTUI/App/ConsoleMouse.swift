/// The mouse, when turned on (`--mouse`): the wheel scrolls whatever the arrow
/// keys scroll, a click on a tab switches to it, a click on a resource view's
/// row selects it. Prompts and questions ignore the mouse (a stray click
/// never answers one).
extension Console {
    /// Lines one wheel step moves.
    static let wheelLines = 3

    func handleMouse(_ event: MouseEvent) -> ConsoleAction {
        switch mode {
        case .filter, .command: return .continue
        default: break
        }
        if paneCapturesKeys { return .continue }
        switch event.action {
        case .wheelUp, .wheelDown:
            let key: Key = event.action == .wheelUp ? .up : .down
            for _ in 0..<Self.wheelLines { _ = handle(key) }
        case .click:
            guard case .normal = mode else { return .continue }
            if event.row == 1, let index = TabBar.tab(at: event.column, titles: panes.map(\.title)) {
                messages.clear()
                activate(index)
            } else if event.row >= viewport.row, event.row < viewport.bottom, var pane = activePane as? ResourcesPane {
                messages.clear()
                pane.select(screenRow: event.row, viewport: viewport)
                panes[activeIndex] = pane
            }
        }
        return .continue
    }
}
