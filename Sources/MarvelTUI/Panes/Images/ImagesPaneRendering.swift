import MarvelCore

/// Drawing the Images pane: the state messages (no registry, loading, failed),
/// the repository and tag tables with their headings and error lines, the
/// usage panel, the detail, the delete question and its progress.
extension ImagesPane {
    public func render(in rect: Rect, on screen: any Screen, context: PaneContext) {
        guard let source else {
            CenteredMessage.draw(ImagesStateText.notConfigured(settingsFile: settingsFile), in: rect, on: screen)
            return
        }
        switch view {
        case .repositories:
            let state = source.repositories()
            guard state.value != nil else { return drawState(state.error, loading: "repositories", in: rect, on: screen) }
            let count = state.value?.count ?? 0
            let (top, rest) = rect.splitTop(1)
            drawHeading("registry \(source.registryURL) · \(count) repositor\(count == 1 ? "y" : "ies")", in: top, on: screen)
            let (body, bottom) = rest.splitBottom(state.error == nil ? 0 : 1)
            repositoryTable.render(in: body, on: screen)
            if count == 0, body.height > 3 {
                screen.draw("the registry has no repositories yet", in: body.line(2), style: TextStyle(.dim), alignment: .center)
            } else if shownRepositories.isEmpty, body.height > 3 {
                screen.draw("no repositories match \"\(filter)\" — Esc clears the filter", in: body.line(2), style: TextStyle(.dim), alignment: .center)
            }
            if let error = state.error { drawError(error, in: bottom, on: screen) }
        case .repository(let repository):
            let state = source.images(repository)
            guard let images = state.value else { return drawState(state.error, loading: "the tags of \(repository)", in: rect, on: screen) }
            let (top, rest) = rect.splitTop(1)
            drawHeading(
                "\(repository) · \(images.tagCount) tag\(images.tagCount == 1 ? "" : "s"), \(images.groups.count) digest\(images.groups.count == 1 ? "" : "s") · Esc: repositories",
                in: top, on: screen)
            let (tableArea, errorLine) = rest.splitBottom(state.error == nil ? 0 : 1)
            let (table, panel) = tableArea.splitBottom(min(Self.panelHeight, max(0, tableArea.height - 3)))
            groupTable.render(in: table, on: screen)
            if images.groups.isEmpty, table.height > 3 {
                screen.draw("no tags: every tag of \(repository) was deleted", in: table.line(2), style: TextStyle(.dim), alignment: .center)
            }
            screen.blank(panel)
            if let group = selectedGroup, panel.height > 0 {
                let lines = [StyledLine("─ \(repository):\(group.tags.first ?? "") ", TextStyle(.border))]
                    + ImageDetailText.usageLines(groupUsage(repository, group), hasCluster: usage?.hasCluster ?? false)
                TextViewer(lines: lines).render(in: panel, on: screen)
            }
            if let error = state.error { drawError(error, in: errorLine, on: screen) }
        case .detail(_, _, let viewer):
            viewer.render(in: rect, on: screen)
        case .confirm(let request, _):
            let others = request.group.tags.filter { $0 != request.tag }
            let question = "Delete \(request.repository):\(request.tag)\(others.isEmpty ? "" : " (and \(others.joined(separator: ", ")))") from the registry? y/N"
            let details = ImageDetailText.deleteDetails(
                repository: request.repository, tag: request.tag, group: request.group, usage: groupUsage(request.repository, request.group),
                registry: source.registryURL)
            screen.blank(rect)
            guard rect.height > 0 else { return }
            screen.draw(question, in: rect.line(0), style: TextStyle(.statusWarn, bold: true))
            let (body, footer) = rect.splitTop(2).rest.splitBottom(1)
            TextViewer(lines: details).render(in: body, on: screen)
            screen.draw("y deletes · n or Esc cancels", in: footer, style: TextStyle(.keyHint))
        case .deleting(let request, let id, _):
            var lines: [StyledLine] = [StyledLine("Deleting \(request.repository):\(request.tag)", TextStyle(.title, bold: true)), .empty]
            switch source.deletion(id) ?? .running {
            case .running:
                lines.append(StyledLine("  HEAD for the digest, then DELETE by digest…", TextStyle(.statusPending)))
            case .deleted(let line):
                lines += ServiceDetail.wrap("✔ " + line, width: max(20, rect.width)).map { StyledLine($0, TextStyle(.statusOK, bold: true)) }
                lines.append(StyledLine("any key goes back to the tags", TextStyle(.dim)))
            case .failed(let line):
                lines += ServiceDetail.wrap("✖ " + line, width: max(20, rect.width)).map { StyledLine($0, TextStyle(.statusError, bold: true)) }
                lines.append(StyledLine("any key goes back", TextStyle(.dim)))
            }
            TextViewer(lines: lines).render(in: rect, on: screen)
        }
    }

    private func drawHeading(_ text: String, in rect: Rect, on screen: any Screen) {
        screen.blank(rect)
        screen.draw(text, in: rect, style: TextStyle(.title, bold: true))
    }

    /// Loading, or a failure with nothing to show under it.
    private func drawState(_ error: RegistryError?, loading what: String, in rect: Rect, on screen: any Screen) {
        if let error {
            CenteredMessage.draw(ImagesStateText.failure(error, width: rect.width), in: rect, on: screen)
        } else {
            CenteredMessage.draw(ImagesStateText.loading(what, registry: source?.registryURL ?? ""), in: rect, on: screen)
        }
    }

    /// A failure under data still shown from before.
    private func drawError(_ error: RegistryError, in rect: Rect, on screen: any Screen) {
        screen.blank(rect)
        screen.draw("\(ImagesStateText.headline(error)) — showing the last answer · \(ServiceDetail.oneLine(error.description))", in: rect, style: TextStyle(.statusError))
    }
}
