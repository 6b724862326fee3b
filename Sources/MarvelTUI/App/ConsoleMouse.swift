/// The mouse, when turned on (`--mouse`): the wheel scrolls whatever the arrow
/// keys scroll, a click on a tab switches to it, a click on a table row of any
/// pane (`RowClickable`) selects it and a click on the selected row opens it as
/// Enter does. Prompts and questions ignore the mouse (a stray click never
/// answers one).
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
            } else if event.row >= viewport.row, event.row < viewport.bottom, var pane = activePane as? any RowClickable,
                      let index = pane.clickableRow(atScreenRow: event.row, in: viewport)
            {
                if pane.isSelectedRow(index) { return handle(.enter) }
                messages.clear()
                pane.clickRow(index, in: viewport, context: context())
                panes[activeIndex] = pane
                takePaneFlash()
            }
        }
        return .continue
    }
}
