/// The mouse on the Images pane: a click selects a repository, or a tag group
/// of the open repository; the tables sit where `render` draws them (under
/// the heading line, above an error line and the usage panel).
extension ImagesPane: RowClickable {
    public func clickableRow(atScreenRow screenRow: Int, in rect: Rect) -> Int? {
        guard let (table, area) = clickTable(in: rect) else { return nil }
        return table.rowIndex(atScreenRow: screenRow, in: area)
    }

    public func isSelectedRow(_ index: Int) -> Bool {
        switch view {
        case .repositories: return repositoryTable.state.selection == index
        case .repository: return groupTable.state.selection == index
        default: return false
        }
    }

    public mutating func clickRow(_ index: Int, in rect: Rect, context: PaneContext) {
        guard let (_, area) = clickTable(in: rect) else { return }
        switch view {
        case .repositories: repositoryTable.selectClicked(index, in: area)
        case .repository: groupTable.selectClicked(index, in: area)
        default: break
        }
    }

    /// The table the current view shows and the rectangle it is drawn into.
    private func clickTable(in rect: Rect) -> (Table, Rect)? {
        guard let source else { return nil }
        switch view {
        case .repositories:
            let state = source.repositories()
            guard state.value != nil else { return nil }
            let rest = rect.splitTop(1).rest
            return (repositoryTable, rest.splitBottom(state.error == nil ? 0 : 1).rest)
        case .repository(let repository):
            let state = source.images(repository)
            guard state.value != nil else { return nil }
            let tableArea = rect.splitTop(1).rest.splitBottom(state.error == nil ? 0 : 1).rest
            return (groupTable, tableArea.splitBottom(min(Self.panelHeight, max(0, tableArea.height - 3))).rest)
        default:
            return nil
        }
    }
}
