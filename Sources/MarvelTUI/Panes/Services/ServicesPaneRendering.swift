import Foundation
import MarvelCore

/// Drawing the Services pane: the list (or its loading, empty and error states) and
/// whichever view is open over it.
extension ServicesPane {
    public func render(in rect: Rect, on screen: any Screen, context: PaneContext) {
        switch view {
        case .list:
            renderList(in: rect, on: screen, context: context)
        case .detail(_, let viewer):
            viewer.render(in: rect, on: screen)
        case .logs(let logs, _):
            logs.render(in: rect, on: screen)
        case .manifests(_, let title, let viewer, _):
            let (top, body) = rect.splitTop(1)
            screen.blank(top)
            screen.draw(title, in: top, style: TextStyle(.title, bold: true))
            viewer.render(in: body, on: screen)
        case .confirm(let confirm):
            confirm.render(in: rect, on: screen)
        case .job(let job):
            job.render(in: rect, on: screen)
        case .upgrade(let flow):
            flow.render(in: rect, on: screen, context: context)
        }
    }

    func renderList(in rect: Rect, on screen: any Screen, context: PaneContext) {
        guard backend(context) != nil else {
            CenteredMessage.draw([StyledSpan("services need a cluster connection: this console has no backend", TextStyle(.dim))], in: rect, on: screen)
            return
        }
        if services.fetchedAt == nil {
            if let error = services.error {
                CenteredMessage.draw([StyledSpan("✖ " + error, TextStyle(.statusError, bold: true)), StyledSpan("retrying…", TextStyle(.dim))],
                                     in: rect, on: screen)
            } else {
                CenteredMessage.draw([StyledSpan("loading services…", TextStyle(.statusPending))], in: rect, on: screen)
            }
            return
        }
        if services.statuses.isEmpty {
            CenteredMessage.draw([
                StyledSpan("no services deployed in this namespace yet", TextStyle(.dim)),
                StyledSpan("press 3 for the Templates pane to deploy one", TextStyle(.keyHint)),
            ], in: rect, on: screen)
            if let error = services.error { drawError(error, in: rect.splitBottom(1).bottom, on: screen) }
            return
        }
        let (tableRect, errorRect) = rect.splitBottom(services.error == nil ? 0 : 1)
        table.render(in: tableRect, on: screen)
        if shown.isEmpty, tableRect.height > 3 {
            screen.draw("no services match \"\(filter)\" — Esc clears the filter", in: tableRect.line(2), style: TextStyle(.dim), alignment: .center)
        }
        if let error = services.error { drawError(error, in: errorRect, on: screen) }
    }

    func drawError(_ error: String, in rect: Rect, on screen: any Screen) {
        var text = "✖ " + ServiceDetail.oneLine(error)
        if let at = services.fetchedAt { text += " · showing the list from \(ServiceAge.format(clock().timeIntervalSince(at))) ago" }
        screen.blank(rect)
        screen.draw(text, in: rect, style: TextStyle(.statusError))
    }
}
