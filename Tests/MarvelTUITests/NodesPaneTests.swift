import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

@Suite struct NodesPaneTests {
    typealias F = ConsoleFixtures

    /// Rows of the screen whose text starts with `prefix`.
    func rows(_ screen: MemoryScreen, startingWith prefix: String) -> [Int] {
        (0..<screen.rows).filter { screen.line($0).hasPrefix(prefix) }
    }

    func row(_ screen: MemoryScreen, of node: String) -> Int? {
        (0..<screen.rows).first { screen.line($0).hasPrefix(node + " ") }
    }

    @Test func layerHeadingsInOrderAt80x24() throws {
        let (console, _) = try F.console()
        let screen = F.render(console)
        let cloud = try #require(rows(screen, startingWith: "▼ CLOUD").first)
        let fog = try #require(rows(screen, startingWith: "▼ FOG").first)
        let edge = try #require(rows(screen, startingWith: "▼ EDGE").first)
        let unassigned = try #require(rows(screen, startingWith: "▼ UNASSIGNED").first)
        #expect(cloud < fog && fog < edge && edge < unassigned)
        #expect(screen.style(row: cloud, column: 0).role == .layerCloud)
        #expect(screen.style(row: edge, column: 0).role == .layerEdge)
        // Nodes sit under their layer; the seed-style "Layer=GRNEDGE1" node counts as edge.
        let edge1 = try #require(row(screen, of: "edge-1"))
        let lab = try #require(row(screen, of: "lab-1"))
        #expect(edge1 > edge && edge1 < unassigned)
        #expect(lab > unassigned)
        #expect(screen.line(2).hasPrefix("NAME"))
        #expect(screen.line(cloud).count <= 80)
    }

    @Test func headingTotalsAt200x60() throws {
        let (console, _) = try F.console()
        let screen = F.render(console, rows: 60, columns: 200)
        #expect(screen.contains("▼ CLOUD · 2 nodes · 2 ready · cpu 8/32 (25%) · mem 12Gi/128Gi (9%) · gpu 1/2 · pods 2"))
        #expect(screen.contains("▼ FOG · 1 node · 1 ready · cpu 500m/8 (6%) · mem 512Mi/16Gi (3%) · gpu 0/0 · pods 1"))
        #expect(screen.contains("▼ EDGE · 2 nodes · 1 ready · cpu 3.6/8 (45%) · mem 1Gi/12Gi (8%) · gpu 0/0 · pods 1"))
        #expect(screen.contains("▼ UNASSIGNED · 1 node · 1 ready"))
    }

    @Test func rowsShowColumnsAndColouredStatus() throws {
        let (console, _) = try F.console()
        let screen = F.render(console, rows: 60, columns: 200)
        let header = screen.line(2)
        for title in ["NAME", "STATUS", "SITE", "ARCH", "CPU", "MEM", "CPU%", "MEM%", "EXTENDED", "PODS", "TAINTS"] {
            #expect(header.contains(title))
        }
        let r = try #require(row(screen, of: "edge-1"))
        let line = screen.line(r)
        #expect(line.contains("NotReady"))
        #expect(line.contains("malta"))
        #expect(line.contains("arm64"))
        let statusColumn = try #require(header.range(of: "STATUS")).lowerBound.utf16Offset(in: header)
        #expect(screen.style(row: r, column: statusColumn).role == .statusError)
        let ready = try #require(row(screen, of: "fog-1"))
        #expect(screen.style(row: ready, column: statusColumn).role == .statusOK)
        let gpu = try #require(row(screen, of: "cloud-1"))
        #expect(screen.line(gpu).contains("1/2"))
    }

    @Test func cpuBarHasTheRightLength() throws {
        let (console, _) = try F.console()
        let screen = F.render(console, rows: 60, columns: 200)
        let pane = try #require(console.activePane as? NodesPane)
        let widths = TableLayout.widths(for: NodeTableModel.columns, rows: pane.table.rows, width: 200)
        let cpuWidth = try #require(widths[6])
        // cloud-1: 8 of 16 cores requested → 50 %: half the bar cells (after " 50% ") are full blocks.
        let barCells = cpuWidth - 5
        let expected = Bar.cells(percent: 50, width: barCells, unicode: true).filled
        let r = try #require(row(screen, of: "cloud-1"))
        let header = screen.line(2)
        let start = try #require(header.range(of: "CPU%")).lowerBound.utf16Offset(in: header)
        let cell = String(Array(screen.line(r))[start..<(start + cpuWidth)])
        #expect(cell.hasPrefix(" 50% "))
        #expect(cell.dropFirst(5).hasPrefix(expected))
        #expect(cell.dropFirst(5).filter { $0 == "█" }.count == barCells / 2)
        #expect(DisplayWidth.of(String(cell.dropFirst(5))) == barCells)
        // edge-1 requests 3.6 of 4 cores → 90 %: an error-coloured bar.
        let e = try #require(row(screen, of: "edge-1"))
        #expect(screen.style(row: e, column: start + 5).role == .statusError)
    }

    @Test func taintsShortenedWideCountedNarrowAndInFullInTheDetail() throws {
        let (console, _) = try F.console()
        let wide = F.render(console, rows: 60, columns: 200)
        #expect(wide.line(row(wide, of: "cloud-2") ?? 0).hasSuffix("dedicated=ml:NS"))
        #expect(wide.line(row(wide, of: "edge-1") ?? 0).hasSuffix("dedicated=edge:NS"))
        // At 80 columns TAINTS stays, as a count and the effects, and memory keeps its unit.
        let narrow = F.render(console)
        #expect(narrow.line(2).hasSuffix("TAINTS"))
        #expect(narrow.line(2).contains("CPU%"))
        #expect(narrow.line(row(narrow, of: "cloud-2") ?? 0).hasSuffix("1 NS"))
        #expect(narrow.line(row(narrow, of: "cloud-1") ?? 0).contains("64Gi"))
        // The detail lists every taint in full.
        for _ in 0..<3 where (console.activePane as? NodesPane)?.selectedName != "cloud-2" { F.press(console, .char("j")) }
        F.press(console, .enter)
        #expect(F.render(console).contains("dedicated=ml:NoSchedule"))
    }

    @Test func selectionMovesOverNodesOnly() throws {
        let (console, _) = try F.console()
        func selected() -> String? { (console.activePane as? NodesPane)?.selectedName }
        _ = F.render(console)
        #expect(selected() == "cloud-1")
        F.press(console, .char("j"))
        #expect(selected() == "cloud-2")
        F.press(console, .char("j"))
        #expect(selected() == "fog-1")  // the FOG heading was skipped
        F.press(console, .down, .down)
        #expect(selected() == "edge-2")
        F.press(console, .char("k"), .up)
        #expect(selected() == "fog-1")
        F.press(console, .char("G"))
        #expect(selected() == "lab-1")
        F.press(console, .char("j"))
        #expect(selected() == "lab-1")
        F.press(console, .char("g"))
        #expect(selected() == "cloud-1")
        F.press(console, .end)
        #expect(selected() == "lab-1")
        F.press(console, .home)
        #expect(selected() == "cloud-1")
        F.press(console, .char("j"))
        let screen = F.render(console)
        let r = try #require(row(screen, of: "cloud-2"))
        #expect(screen.style(row: r, column: 0).role == .selection)
        #expect(screen.style(row: try #require(row(screen, of: "cloud-1")), column: 0).role != .selection)
    }

    @Test func selectionSurvivesNewData() throws {
        let (console, source) = try F.console()
        _ = F.render(console)
        F.press(console, .char("j"), .char("j"))
        source.set(snapshot: try F.snapshot(), connection: .connected(at: Date()))
        _ = F.render(console)
        #expect((console.activePane as? NodesPane)?.selectedName == "fog-1")
    }

    @Test func filterNarrowsRowsAndTotalsLive() throws {
        let (console, _) = try F.console()
        F.press(console, .char("/"))
        F.type(console, "edge")
        // Live, before Enter.
        var screen = F.render(console, rows: 60, columns: 200)
        #expect(screen.line(59) == "/edge")
        #expect(screen.contains("▼ EDGE · 2 nodes · 1 ready"))
        #expect(screen.contains("▼ CLOUD · 0 nodes · 0 ready"))
        #expect(row(screen, of: "cloud-1") == nil)
        #expect(row(screen, of: "edge-1") != nil)
        F.press(console, .enter)
        screen = F.render(console, rows: 60, columns: 200)
        #expect(screen.line(59).hasSuffix("filter: edge"))
        #expect((console.activePane as? NodesPane)?.selectedName == "edge-1")
        // A narrower filter, then Esc clears it.
        F.press(console, .char("/"))
        F.type(console, "-2")
        screen = F.render(console, rows: 60, columns: 200)
        #expect(screen.contains("▼ EDGE · 1 node · 1 ready · cpu 0/4 (0%)"))
        F.press(console, .enter, .escape)
        screen = F.render(console, rows: 60, columns: 200)
        #expect(row(screen, of: "cloud-1") != nil)
        #expect(console.activePane.filter == "")
    }

    @Test func escAtThePromptDropsTheFilter() throws {
        let (console, _) = try F.console()
        F.press(console, .char("/"))
        F.type(console, "fog")
        #expect(console.activePane.filter == "fog")
        F.press(console, .escape)
        #expect(console.activePane.filter == "")
        #expect(console.inputLine == nil)
    }

    @Test func filterMatchingNothingSaysSo() throws {
        let (console, _) = try F.console()
        F.press(console, .char("/"))
        F.type(console, "zzz")
        F.press(console, .enter)
        let screen = F.render(console)
        #expect(screen.contains("no nodes match \"zzz\""))
    }

    @Test func enterShowsNodeDetailAndEscGoesBack() throws {
        let (console, _) = try F.console()
        _ = F.render(console, rows: 60, columns: 200)
        F.press(console, .enter)
        let screen = F.render(console, rows: 60, columns: 200)
        #expect(screen.contains("Node cloud-1"))
        let kubelet = try #require((0..<60).map { screen.line($0) }.first { $0.contains("Kubelet") })
        #expect(kubelet.hasSuffix("v1.30.2"))
        #expect(screen.contains("marvdash.io/layer=cloud"))
        #expect(screen.contains("marvdash.io/site=athens"))
        #expect(screen.contains("MemoryPressure"))
        #expect(screen.contains("KubeletReady"))
        #expect(screen.contains("kubelet is posting ready status"))
        #expect(screen.contains("default/web-1"))
        #expect(screen.contains("ml/train-0"))
        #expect(screen.contains("Running"))
        let gpuLine = try #require((0..<60).map { screen.line($0) }.first { $0.contains("nvidia.com/gpu") })
        #expect(gpuLine.contains("1 (50%)"))
        let cpuLine = try #require((0..<60).map { screen.line($0) }.first { $0.hasPrefix("  cpu ") })
        #expect(cpuLine.contains("16") && cpuLine.contains("8 (50%)"))
        #expect((console.activePane as? NodesPane)?.detailNodeName == "cloud-1")
        #expect(!console.activePane.acceptsFilter)

        F.press(console, .escape)
        let back = F.render(console, rows: 60, columns: 200)
        #expect(!back.contains("Node cloud-1"))
        #expect(back.contains("▼ CLOUD"))
    }

    @Test func detailListsTaintsAndScrolls() throws {
        let (console, _) = try F.console()
        F.press(console, .char("j"), .enter)
        var screen = F.render(console)
        #expect(screen.contains("Node cloud-2"))
        #expect(screen.contains("dedicated=ml:NoSchedule"))
        #expect(screen.contains("more"))
        F.press(console, .char("G"))
        screen = F.render(console)
        #expect(screen.contains("default/batch-done"))
        #expect(screen.contains("Completed"))
        #expect(!screen.contains("Node cloud-2"))
        F.press(console, .char("g"))
        screen = F.render(console)
        #expect(screen.contains("Node cloud-2"))
    }

    @Test func noSnapshotYetSaysConnecting() throws {
        let (console, _) = try F.console(snapshot: false)
        let screen = F.render(console)
        #expect(screen.contains("connecting to https://127.0.0.1:6443…"))
    }

    @Test func failureWithoutSnapshotShowsErrorAndRetrying() throws {
        let message = "cannot connect to https://127.0.0.1:6443: connection refused"
        let (console, _) = try F.console(snapshot: false, connection: .failed(message: message, since: F.now))
        let screen = F.render(console, rows: 40, columns: 120)
        #expect(screen.contains("✖ \(message)"))
        #expect(screen.contains("retrying…"))
    }

    @Test func failureWithOldSnapshotKeepsData() throws {
        let (console, source) = try F.console()
        _ = F.render(console)
        source.set(snapshot: try F.snapshot(), connection: .failed(message: "timeout after 30 s", since: F.now))
        let screen = F.render(console)
        #expect(row(screen, of: "cloud-1") != nil)
        #expect(screen.line(0).contains("✖ timeout after 30 s"))
    }

    @Test func paneRendersAloneIntoAnyRect() throws {
        var pane = NodesPane()
        let screen = MemoryScreen(rows: 10, columns: 100)
        let context = PaneContext(snapshot: try F.snapshot(), connection: .connected(at: F.now), generation: 1,
                                  serverURL: F.serverURL, viewport: Rect(screen: screen))
        pane.update(context)
        pane.render(in: Rect(screen: screen), on: screen, context: context)
        #expect(screen.line(0).hasPrefix("NAME"))
        #expect(screen.line(1).hasPrefix("▼ CLOUD"))
        #expect(pane.inventory?.groups.count == 4)
    }
}
