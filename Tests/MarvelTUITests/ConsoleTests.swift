import Foundation
import MarvelCore
import MarvelSim
import Testing
@testable import MarvelTUI

@Suite struct ConsoleTests {
    typealias F = ConsoleFixtures

    @Test func titleBarShowsContextServerStateAndClock() throws {
        let (console, _) = try F.console(embedded: true)
        let screen = F.render(console, rows: 30, columns: 140)
        let title = screen.line(0)
        #expect(title.hasPrefix(" marvdash · marvel-pilot · default · https://127.0.0.1:6443 · ● connected · embedded cluster"))
        #expect(title.hasSuffix("09:08:07"))
        #expect(screen.style(row: 0, column: 139).role == .title)
        #expect(screen.style(row: 0, column: 0).role == .title)
    }

    @Test func titleShowsEachConnectionState() throws {
        let (console, source) = try F.console(snapshot: false)
        #expect(F.render(console).line(0).contains("◌ connecting…"))
        source.set(snapshot: nil, connection: .failed(message: "connection refused", since: F.now))
        let failed = F.render(console)
        #expect(failed.line(0).contains("✖ connection refused"))
        let column = try #require(failed.find("✖")).column
        #expect(failed.style(row: 0, column: column).role == .statusError)
        source.set(snapshot: try F.snapshot(), connection: .connected(at: F.now))
        #expect(F.render(console).line(0).contains("● connected"))
        #expect(!F.render(console).line(0).contains("embedded cluster"))
    }

    @Test func tabBarHighlightsTheActivePane() throws {
        let (console, _) = try F.console()
        let screen = F.render(console)
        #expect(screen.line(1).contains("1 Nodes   2 Services   3 Templates   4 Images   5 Training"))
        let nodes = try #require(screen.find("1 Nodes"))
        let images = try #require(screen.find("4 Images"))
        #expect(screen.style(row: 1, column: nodes.column).role == .tabActive)
        #expect(screen.style(row: 1, column: images.column).role == .tab)
    }

    @Test func numberKeysTabsAndCommandsSwitchPanes() throws {
        let (console, _) = try F.console()
        F.press(console, .char("2"))
        var screen = F.render(console)
        #expect(console.activePane.title == "Services")
        #expect(screen.contains("services need a cluster connection: this console has no backend"))
        let tab = try #require(screen.find("2 Services"))
        #expect(screen.style(row: 1, column: tab.column).role == .tabActive)
        F.press(console, .tab)
        #expect(console.activePane.title == "Templates")
        F.press(console, .tab, .tab)
        #expect(console.activePane.title == "Training")
        F.press(console, .tab)
        #expect(console.activePane.title == "Resources")
        F.press(console, .tab)
        #expect(console.activePane.title == "Nodes")
        F.press(console, .backTab, .backTab)
        #expect(console.activePane.title == "Training")
        screen = F.render(console)
        #expect(screen.contains("No training runs yet"))
        F.press(console, .char(":"))
        F.type(console, "images")
        #expect(console.inputLine == ":images")
        F.press(console, .enter)
        #expect(console.activePane.title == "Images")
        F.press(console, .char(":"))
        F.type(console, "nodes")
        F.press(console, .enter)
        #expect(console.activePane.title == "Nodes")
        F.press(console, .char("4"), .char("3"))
        #expect(console.activePane.title == "Templates")
        F.press(console, .char("1"))
        #expect(console.activePane.title == "Nodes")
    }

    @Test func imagesWithoutARegistrySayHowToConfigureOneCentred() throws {
        let (console, _) = try F.console()
        F.press(console, .char("4"))
        let screen = F.render(console)
        let spot = try #require(screen.find("no image registry configured"))
        #expect(spot.row >= 8 && spot.row <= 13)
        #expect(spot.column > 0)
        #expect(screen.contains("url: https://registry.example:5000"))
    }

    @Test func anUnknownCommandStaysUntilTheNextKeyAndTheHintsStay() throws {
        let (console, _) = try F.console()
        F.press(console, .char(":"))
        F.type(console, "foo")
        #expect(console.handle(.enter) == .continue)
        let screen = MemoryScreen(rows: 24, columns: 100)
        console.render(on: screen, now: F.now)
        // Too long to sit beside the hints: it takes the row above them.
        #expect(screen.line(22).contains("✖ unknown command ':foo' — :help lists the commands, Tab completes them"))
        #expect(screen.style(row: 22, column: 1).role == .statusError)
        #expect(screen.line(23).contains("? help"))
        // An error does not time out…
        console.render(on: screen, now: F.now.addingTimeInterval(Console.flashSeconds + 60))
        #expect(screen.line(22).contains("unknown command"))
        // …the next key clears it.
        F.press(console, .char("j"))
        console.render(on: screen, now: F.now.addingTimeInterval(Console.flashSeconds + 61))
        #expect(!screen.contains("unknown command"))
        #expect(console.flashMessage == nil)
        #expect(console.messageHistory.map(\.text).contains("unknown command ':foo' — :help lists the commands, Tab completes them"))
    }

    @Test func anInfoMessageSitsBesideTheHintsAndExpires() throws {
        let (console, _) = try F.console()
        #expect(console.handle(.char("r")) == .refresh)
        let screen = MemoryScreen(rows: 24, columns: 120)
        console.render(on: screen, now: F.now)
        #expect(screen.line(23).hasPrefix(" j/k ↑/↓ move"))
        #expect(screen.line(23).hasSuffix("refreshing…"))
        console.render(on: screen, now: F.now.addingTimeInterval(Console.flashSeconds + 1))
        #expect(!screen.contains("refreshing…"))
    }

    @Test func quitKeys() throws {
        let (a, _) = try F.console()
        #expect(a.handle(.char("q")) == .quit)
        let (b, _) = try F.console()
        F.press(b, .char(":"), .char("q"))
        #expect(b.handle(.enter) == .quit)
        let (c, _) = try F.console()
        F.press(c, .char(":"))
        F.type(c, "quit")
        #expect(c.handle(.enter) == .quit)
        let (d, _) = try F.console()
        F.press(d, .char(":"))
        F.type(d, "q")
        #expect(d.handle(.escape) == .continue)  // Esc abandons the command
        #expect(d.inputLine == nil)
    }

    @Test func typingQIntoTheFilterDoesNotQuit() throws {
        let (console, _) = try F.console()
        F.press(console, .char("/"))
        #expect(console.handle(.char("q")) == .continue)
        #expect(console.activePane.filter == "q")
    }

    @Test func aKeyNoOneUsesSaysSoInsteadOfDoingNothingSilently() throws {
        let (console, _) = try F.console()
        F.press(console, .char("y"))
        #expect(console.flashMessage == "'y' does nothing in Nodes — press ? for its keys")
        F.press(console, .char("2"), .char("/"))
        #expect(console.flashMessage == "'/' does nothing in Services — press ? for its keys")
        #expect(console.inputLine == nil)
        F.press(console, .ctrl("d"))
        #expect(console.flashMessage == "Ctrl-D does nothing in Services — press ? for its keys")
        let (quiet, _) = try F.console()
        F.press(quiet, .char("j"), .down, .left, .escape)
        #expect(quiet.flashMessage == nil)
    }

    @Test func refreshKeyAsksTheSource() throws {
        let (console, source) = try F.console()
        #expect(console.handle(.char("r")) == .refresh)
        #expect(console.flashMessage == "refreshing…")
        #expect(source.refreshCount == 0)  // the loop calls refreshNow, handle stays pure
    }

    @Test func helpOverlayListsTheKeysAndCloses() throws {
        let (console, _) = try F.console()
        F.press(console, .char("?"))
        #expect(console.isHelpOpen)
        var screen = F.render(console, rows: 42, columns: 120)
        for text in ["Nodes pane", "node details", "Enter", "j/k", "g/G", "Everywhere", "filter", "command line", "Commands (:)",
                     ":quit", ":templates [TEMPLATE]", "Tab / Shift-Tab", "refresh now", "quit", "? or Esc closes"] {
            #expect(screen.contains(text), "help lacks \(text)")
        }
        #expect(screen.line(41).contains("Esc ? q close"))
        #expect(!screen.line(41).contains("node details"))
        F.press(console, .escape)
        #expect(!console.isHelpOpen)
        screen = F.render(console, rows: 42, columns: 120)
        #expect(!screen.contains("Everywhere"))
        #expect(screen.line(41).contains("node details"))
        F.press(console, .char("?"), .char("?"))
        #expect(!console.isHelpOpen)
        // Help of a detail view names its own keys.
        F.press(console, .enter, .char("?"))
        screen = F.render(console, rows: 42, columns: 120)
        #expect(screen.contains("back to the node list"))
        // q closes the help, then the detail; only on the list does it quit.
        #expect(console.handle(.char("q")) == .continue)
        #expect(!console.isHelpOpen)
        #expect(console.handle(.char("q")) == .continue)
        #expect((console.activePane as? NodesPane)?.detailNodeName == nil)
        #expect(console.handle(.char("q")) == .quit)
    }

    @Test func readOnlyModeSaysSoInHelp() throws {
        let (console, _) = try F.console(readOnly: true)
        F.press(console, .char("?"))
        #expect(F.render(console, rows: 40, columns: 120).contains("read-only mode"))
    }

    @Test func readOnlyModeShowsInTheTitleBeforeTheEmbeddedTag() throws {
        let (console, _) = try F.console(embedded: true, readOnly: true)
        let wide = F.render(console, rows: 30, columns: 160).line(0)
        #expect(wide.contains("● connected · read-only · embedded cluster"))
        let column = try #require(F.render(console, rows: 30, columns: 160).find("read-only")).column
        #expect(F.render(console, rows: 30, columns: 160).style(row: 0, column: column).role == .statusWarn)
        // Too narrow for both tags: read-only stays, the embedded tag goes.
        let narrow = TitleBar.spans(options: console.options, connection: .connected(at: F.now), width: 40).plainText
        #expect(narrow.contains("read-only"))
        #expect(!narrow.contains("embedded"))
        let (plain, _) = try F.console()
        #expect(!F.render(plain, rows: 30, columns: 160).line(0).contains("read-only"))
    }

    @Test func connectionWarningsFlashMarkTheTitleAndStayInHelp() throws {
        let warning = "TLS verification is disabled for cluster pilot by insecure-skip-tls-verify"
        let options = ConsoleOptions(source: StaticDataSource(snapshot: try F.snapshot(), connection: .connected(at: F.now)),
                                     contextName: "pilot", namespace: "default", serverURL: F.serverURL,
                                     timeZone: TimeZone(identifier: "UTC") ?? .current, environment: [:], warnings: [warning])
        let console = Console(options: options)
        let screen = MemoryScreen(rows: 30, columns: 160)
        console.render(on: screen, now: F.now)
        #expect(screen.line(0).contains("● connected · insecure"))
        let row = try #require(screen.find("warning: " + warning)).row
        #expect(screen.style(row: row, column: 1).role == .statusError)
        F.press(console, .char("j"))
        console.render(on: screen, now: F.now.addingTimeInterval(1))
        #expect(!screen.contains("warning"))
        #expect(screen.line(0).contains("insecure"))
        F.press(console, .char("?"), .char("G"))
        console.render(on: screen, now: F.now.addingTimeInterval(2))
        #expect(screen.contains("Connection warnings"))
        #expect(screen.contains(warning))
    }

    @Test func statusLineShowsHints() throws {
        let (console, _) = try F.console()
        let line = F.render(console).line(23)
        #expect(line.contains("j/k ↑/↓ move"))
        #expect(line.contains("Enter node details"))
        #expect(line.contains("? help"))
        #expect(line.contains("q quit"))
    }

    @Test func tooSmallScreenSaysSoAndQStillQuits() throws {
        let (console, _) = try F.console()
        let screen = F.render(console, rows: 23, columns: 79)
        #expect(screen.contains("terminal too small: need 80x24, have 79x23"))
        #expect(!screen.contains("marvdash ·"))
        F.press(console, .char("j"))
        #expect(console.handle(.char("q")) == .quit)
        let wideButShort = F.render(console, rows: 23, columns: 200)
        #expect(wideButShort.contains("have 200x23"))
        let exact = F.render(console, rows: 24, columns: 80)
        #expect(!exact.contains("terminal too small"))
    }

    @Test func resizingRedrawsAtTheNewSize() throws {
        let (console, _) = try F.console()
        let screen = MemoryScreen(rows: 24, columns: 80)
        console.render(on: screen, now: F.now)
        func lines() -> [String] { (0..<screen.rows).map(screen.line) }
        // At 80 columns the CLOUD heading wraps: its free figures go on a row of their own.
        #expect(lines().contains { $0.hasPrefix("  ") && $0.contains("116Gi gpu 1") })
        screen.resize(rows: 60, columns: 200)
        #expect(console.handle(.resize) == .continue)
        console.render(on: screen, now: F.now)
        #expect(!lines().contains { $0.hasPrefix("  ") && $0.contains("116Gi gpu 1") })
        #expect(lines().contains { $0.hasPrefix("▼ CLOUD") && $0.contains("free cpu 24 mem 116Gi gpu 1") })
        #expect(screen.flushCount == 2)
    }

    @Test func asciiModeDrawsOnlyASCII() throws {
        let (console, _) = try F.console(embedded: true)
        func check(_ rows: Int, _ columns: Int, _ what: String) {
            let screen = F.render(console, rows: rows, columns: columns, unicode: false)
            let bad = screen.text.unicodeScalars.filter { !$0.isASCII }
            #expect(bad.isEmpty, "non-ASCII in \(what): \(String(String.UnicodeScalarView(bad)))")
        }
        check(24, 80, "nodes 80x24")
        check(60, 200, "nodes 200x60")
        let screen = F.render(console, rows: 60, columns: 200, unicode: false)
        #expect(screen.line(0).contains("* connected"))
        #expect(screen.contains("v CLOUD | 2 nodes"))
        #expect(screen.contains("#"))
        F.press(console, .enter)
        check(24, 80, "detail")
        F.press(console, .char("?"))
        check(24, 80, "help")
        let help = F.render(console, rows: 24, columns: 80, unicode: false)
        #expect(help.contains("+-"))
        F.press(console, .escape, .escape, .char(":"))
        F.type(console, "bogus")
        F.press(console, .enter)
        check(24, 80, "flash")
        F.press(console, .char("2"))
        check(24, 80, "placeholder")
        check(23, 79, "too small")
        let (connecting, _) = try F.console(snapshot: false)
        let c = F.render(connecting, unicode: false)
        #expect(c.line(0).contains("o connecting..."))
        #expect(c.contains("connecting to https://127.0.0.1:6443..."))
    }
}

@Suite struct ConsoleDataSourceTests {
    @Test func cacheStateIsTranslated() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let target = KubeTarget(contextName: "t", clusterName: "t", server: cluster.serverURL, sourceDescription: "test")
        let cache = ClusterCache(client: KubeClient(target: target), settings: ClusterCacheSettings(usageInterval: 0, livenessQuiet: 0, kinds: []))
        let source = CacheDataSource(cache: cache)
        #expect(source.current().snapshot == nil)
        #expect(source.current().connection == .connecting)
        source.start()
        defer { source.stop() }
        #expect(cache.waitUntilSynced(timeout: 20))
        let deadline = Date().addingTimeInterval(20)
        while !source.current().connection.isLive && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let state = source.current()
        #expect(state.snapshot?.nodes.count == cluster.store.count("nodes"))
        #expect(state.connection.isLive)
        #expect(state.generation == cache.current().generation)

        let screen = ConsoleFixtures.render(Console(options: ConsoleOptions(
            source: source, contextName: "ctx", namespace: "ns", serverURL: cluster.serverURL, environment: [:])))
        #expect(screen.contains("psnc-cloud1"))
        #expect(screen.line(0).contains("● connected"))
    }

    @Test func notRespondingServerTurnsTheTitleAndMarksTheTableStale() throws {
        let now = ConsoleFixtures.now
        let source = StaticDataSource(snapshot: try ConsoleFixtures.snapshot(), connection: .notResponding(since: now.addingTimeInterval(-7)))
        let console = Console(options: ConsoleOptions(
            source: source, contextName: "ctx", namespace: "ns", serverURL: "https://k", timeZone: TimeZone(identifier: "UTC") ?? .current,
            environment: [:]))
        let screen = ConsoleFixtures.render(console, rows: 30, columns: 140)
        #expect(screen.line(0).contains("✖ not responding for 7 s"))
        #expect(screen.line(2).contains("STALE · no updates for 7 s"))
        #expect(screen.contains("cloud-1"), "the last data stays on screen")
        source.set(snapshot: try ConsoleFixtures.snapshot(), connection: .connected(at: now))
        let back = ConsoleFixtures.render(console, rows: 30, columns: 140)
        #expect(back.line(0).contains("● connected") && !back.contains("STALE"))
    }

    @Test func notesShowInTheTitleAndNoticesFlashOnce() throws {
        let source = StaticDataSource(snapshot: try ConsoleFixtures.snapshot(), connection: .connected(at: ConsoleFixtures.now))
        source.set(
            snapshot: try ConsoleFixtures.snapshot(), connection: .connected(at: ConsoleFixtures.now),
            notes: ["namespace marvel only (no rights to list every namespace)"], notice: "the metrics API is missing")
        let console = Console(options: ConsoleOptions(source: source, contextName: "ctx", namespace: "ns", serverURL: "https://k", environment: [:]))
        let first = ConsoleFixtures.render(console, rows: 30, columns: 160)
        #expect(first.line(0).contains("namespace marvel only"))
        #expect(first.line(29).contains("the metrics API is missing"))
        _ = console.handle(.down)  // a key clears the message area
        source.set(
            snapshot: try ConsoleFixtures.snapshot(), connection: .connected(at: ConsoleFixtures.now), notice: "the metrics API is missing")
        #expect(!ConsoleFixtures.render(console, rows: 30, columns: 160).line(29).contains("metrics API"), "said once")
        #expect(console.messageHistory.filter { $0.text == "the metrics API is missing" }.count == 1)
    }

    @Test func commandsAreFoundByNameOrAliasInAnyCase() {
        #expect(ConsoleReference.command(named: "q")?.name == "quit")
        #expect(ConsoleReference.command(named: "exit")?.name == "quit")
        #expect(ConsoleReference.command(named: "service")?.name == "services")
        #expect(ConsoleReference.command(named: "Training")?.name == "training")
        #expect(ConsoleReference.command(named: "foo") == nil)
        // No two commands share a word.
        let words = ConsoleReference.commands.flatMap(\.words)
        #expect(Set(words).count == words.count)
    }
}
