import MarvelCore

/// The Images pane's keys: moving and opening, going back, and the delete
/// question with its refusals (read-only mode, nothing selected).
extension ImagesPane {
    public mutating func handle(_ key: Key, context: PaneContext) -> Bool {
        update(context)
        guard let source else { return false }
        let height = max(1, context.viewport.height - 2)
        switch view {
        case .repositories:
            switch key {
            case let navigation where TableState.isNavigationKey(navigation):
                repositoryTable.state.navigate(navigation, in: repositoryTable.rows, page: max(1, height - 1))
                repositoryTable.state.scrollToSelection(visibleRows: height, rowCount: repositoryTable.rows.count, rows: repositoryTable.rows)
            case .enter:
                guard let repository = selectedRepository else { return true }
                open(.repository(repository), filter: "", context: context)
            default:
                return false
            }
            return true
        case .repository(let repository):
            switch key {
            case let navigation where TableState.isNavigationKey(navigation):
                let page = max(1, height - Self.panelHeight - 1)
                groupTable.state.navigate(navigation, in: groupTable.rows, page: page)
                groupTable.state.scrollToSelection(visibleRows: page, rowCount: groupTable.rows.count, rows: groupTable.rows)
            case .enter:
                guard let group = selectedGroup else { return true }
                open(.detail(repository, digest: group.digest, TextViewer(lines: detailLines(repository, group))), filter: filter, context: context)
            case .escape where !filter.isEmpty:
                return false  // the console clears the filter first
            case .escape, .char("q"):
                open(.repositories, filter: repositoryFilter, context: context)
            case .ctrl("d"):
                askDelete(selectedGroup, in: repository, back: .repository(repository), context: context)
            default:
                return false
            }
            return true
        case .detail(let repository, let digest, var viewer):
            switch key {
            case .escape, .char("q"):
                open(.repository(repository), filter: "", context: context)
            case .ctrl("d"):
                askDelete(source.images(repository).value?.groups.first { $0.digest == digest }, in: repository,
                          back: .detail(repository, digest: digest), context: context)
            default:
                let handled = viewer.handle(key, height: height)
                view = .detail(repository, digest: digest, viewer)
                return handled
            }
            return true
        case .confirm(let request, let back):
            switch key {
            case .char("y"), .char("Y"):
                guard !context.readOnly else {
                    goBack(back, context: context)
                    flashMessage = PaneFlash("read-only mode: nothing was deleted", isError: true)
                    return true
                }
                view = .deleting(request, id: source.delete(repository: request.repository, tag: request.tag), back: back)
            case .char("n"), .char("N"), .escape, .enter:
                goBack(back, context: context)
                flashMessage = PaneFlash("cancelled: nothing was deleted")
            default:
                break
            }
            return true
        case .deleting(let request, let id, let back):
            let outcome = source.deletion(id) ?? .running
            switch outcome {
            case .running:
                if key == .escape {
                    goBack(back, context: context)
                    flashMessage = PaneFlash("deleting \(request.repository):\(request.tag) goes on in the background")
                }
            case .deleted:
                open(.repository(request.repository), filter: "", context: context)
            case .failed:
                goBack(back, context: context)
            }
            return true
        }
    }

    /// Height of the usage panel under the tag table.
    static let panelHeight = 6

    mutating func open(_ next: View, filter newFilter: String, context: PaneContext) {
        view = next
        filter = newFilter
        rebuild(context, force: true)
    }

    mutating func goBack(_ back: BackTo, context: PaneContext) {
        switch back {
        case .repository(let repository):
            open(.repository(repository), filter: "", context: context)
        case .detail(let repository, let digest):
            guard let group = source?.images(repository).value?.groups.first(where: { $0.digest == digest }) else {
                open(.repository(repository), filter: "", context: context)
                return
            }
            open(.detail(repository, digest: digest, TextViewer(lines: detailLines(repository, group))), filter: "", context: context)
        }
    }

    /// Opens the y/N question for the first tag of `group` (refused in read-only mode).
    mutating func askDelete(_ group: TagGroup?, in repository: String, back: BackTo, context: PaneContext) {
        if context.readOnly {
            flashMessage = PaneFlash("read-only mode: deleting images is off (the console was started read-only)", isError: true)
            return
        }
        guard let group, let tag = group.tags.first, !group.digest.isEmpty else {
            flashMessage = PaneFlash("no tag selected to delete", isError: true)
            return
        }
        view = .confirm(ImageDeleteRequest(repository: repository, tag: tag, group: group), back: back)
    }
}
