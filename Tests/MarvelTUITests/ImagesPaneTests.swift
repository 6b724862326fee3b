import Foundation
import MarvelCore
import MarvelTUI
import Testing

/// The Images pane in an in-memory screen: repositories → tags grouped by
/// digest → detail, node caches and users, the confirmed delete, read-only
/// mode, and the states of a registry that is missing, loading, down or locked.
@Suite struct ImagesPaneTests {
    typealias F = ImagesPaneFixtures

    func pane(_ console: Console) throws -> ImagesPane { try #require(console.activePane as? ImagesPane) }

    @Test func repositoriesThenTagsThenDetail() throws {
        let console = try F.console(source: F.loadedSource())
        var screen = F.render(console)
        #expect(screen.contains("registry http://reg.test:5000 · 2 repositories"))
        let row = try #require(screen.find("team/app"))
        #expect(screen.line(row.row).contains("1 templates web · instances shop"))

        ConsoleFixtures.press(console, .char("j"), .enter)
        #expect(try pane(console).viewName == "repository")
        screen = F.render(console)
        #expect(screen.contains("team/app · 3 tags, 2 digests"))
        let two = try #require(screen.find("2.0"))
        #expect(screen.line(two.row).contains("linux/amd64, linux/arm64/v8"))
        #expect(screen.line(two.row).contains("150–183 MB"))
        #expect(screen.line(two.row).contains("2024-06-01"))
        #expect(screen.line(two.row).contains("oci-index"))
        let one = try #require(screen.find("1.0, latest"))
        #expect(screen.line(one.row).contains("90.0 MB") && screen.line(one.row).contains("sha256:aaaaaaaaaaaa"))
        // The panel under the table: where the selected group (2.0) is used — nowhere.
        #expect(screen.contains("cached on  no node"))

        ConsoleFixtures.press(console, .char("j"))
        screen = F.render(console)
        #expect(screen.contains("cached on  fog-1 (amd64, 700 MB)"))
        #expect(screen.contains("templates  web"))
        #expect(screen.contains("instance   default/shop (web): shop-0 on fog-1"))

        ConsoleFixtures.press(console, .char("k"), .enter)
        screen = F.render(console, rows: 40)
        #expect(try pane(console).viewName == "detail")
        #expect(screen.contains("team/app:2.0 on http://reg.test:5000"))
        #expect(screen.contains("kind       oci-index (application/vnd.oci.image.index.v1+json)"))
        #expect(screen.contains("linux/arm64/v8"))
        #expect(screen.contains("size       150 MB in 4 layers"))
        #expect(screen.contains("label      org.opencontainers.image.version=2.0"))

        ConsoleFixtures.press(console, .escape)
        #expect(try pane(console).viewName == "repository")
        ConsoleFixtures.press(console, .escape)
        #expect(try pane(console).viewName == "repositories")
    }

    /// An index that lands between the pane's read of it and its rebuild still reaches the
    /// screen on the next update (the USED BY column once stayed "-" in the end-to-end test).
    @Test func aUsageIndexLandingDuringTheRebuildIsShown() throws {
        let source = F.loadedSource()
        source.set { $0.templatesLandAfterFirstRead = true }
        let console = try F.console(source: source)
        var screen = F.render(console)
        for _ in 0..<3 where !screen.contains("1 templates web") { screen = F.render(console) }
        let row = try #require(screen.find("team/app"))
        #expect(screen.line(row.row).contains("1 templates web · instances shop"), "\(screen.text)")
    }

    @Test func filteringNarrowsRepositoriesAndTags() throws {
        let console = try F.console(source: F.loadedSource())
        ConsoleFixtures.press(console, .char("/"))
        ConsoleFixtures.type(console, "kaf")
        ConsoleFixtures.press(console, .enter)
        #expect(try pane(console).shownRepositories == ["kafka"])
        ConsoleFixtures.press(console, .escape)
        #expect(try pane(console).shownRepositories == ["kafka", "team/app"])
        ConsoleFixtures.press(console, .char("j"), .enter, .char("/"))
        ConsoleFixtures.type(console, "latest")
        ConsoleFixtures.press(console, .enter)
        #expect(try pane(console).shownGroups.map(\.tags) == [["1.0", "latest"]])
    }

    @Test func deletingATagIsConfirmedAndReported() throws {
        let source = F.loadedSource()
        let console = try F.console(source: source)
        ConsoleFixtures.press(console, .char("j"), .enter, .char("j"), .ctrl("d"))
        var screen = F.render(console)
        #expect(screen.contains("Delete team/app:1.0 (and latest) from the registry? y/N"))
        #expect(screen.contains("these tags go too: latest"))
        #expect(screen.contains("still used by:"))
        #expect(screen.contains("instance default/shop: shop-0 on fog-1"))
        #expect(screen.contains("y deletes · n or Esc cancels"))
        // The question takes every key: q does not quit.
        #expect(console.handle(.char("q")) == .continue)
        ConsoleFixtures.press(console, .char("n"))
        #expect(console.flashMessage == "cancelled: nothing was deleted")
        #expect(source.state.withLock { $0.deleted.isEmpty })

        ConsoleFixtures.press(console, .ctrl("d"), .char("y"))
        #expect(source.state.withLock { $0.deleted.map { "\($0.0):\($0.1)" } } == ["team/app:1.0"])
        screen = F.render(console)
        #expect(screen.contains("✔ deleted team/app:1.0"))
        #expect(console.flashMessage?.hasPrefix("deleted team/app:1.0") == true)
        ConsoleFixtures.press(console, .char("x"))
        #expect(try pane(console).viewName == "repository")
    }

    @Test func aFailedDeleteSaysWhy() throws {
        let source = F.loadedSource()
        source.set { $0.deleteOutcome = .failed(RegistryError.deleteDisabled(registry: "http://reg.test:5000", what: "team/app:2.0").description) }
        let console = try F.console(source: source)
        ConsoleFixtures.press(console, .char("j"), .enter, .enter, .ctrl("d"), .char("y"))
        let screen = F.render(console, rows: 30, columns: 120)
        #expect(screen.contains("✖ registry http://reg.test:5000 has deletes disabled (405 UNSUPPORTED)"))
        #expect(console.flashMessage?.contains("REGISTRY_STORAGE_DELETE_ENABLED=true") == true)
        ConsoleFixtures.press(console, .char("x"))
        #expect(try pane(console).viewName == "detail")
    }

    @Test func readOnlyModeHidesAndRefusesDelete() throws {
        let console = try F.console(source: F.loadedSource(), readOnly: true)
        ConsoleFixtures.press(console, .char("j"), .enter)
        let screen = F.render(console)
        #expect(!screen.line(29).contains("Ctrl-D"))
        #expect(screen.line(29).contains("Enter details"))
        ConsoleFixtures.press(console, .ctrl("d"))
        #expect(try pane(console).viewName == "repository")
        #expect(console.flashMessage == "read-only mode: deleting images is off (the console was started read-only)")
    }

    @Test func missingLoadingDownAndLockedRegistries() throws {
        var screen = F.render(try F.console(source: nil))
        #expect(screen.contains("no image registry configured"))
        #expect(screen.contains("add to /home/op/.config/marvdash/config.yaml:"))

        let source = FakeImageSource()
        let console = try F.console(source: source)
        screen = F.render(console)
        #expect(screen.contains("loading repositories from http://reg.test:5000…"))

        source.set { $0.repositories = .failed(.unreachable(registry: "http://reg.test:5000", detail: "cannot connect to http://reg.test:5000/v2/_catalog: connection refused"), last: nil) }
        screen = F.render(console)
        #expect(screen.contains("✖ registry unreachable"))
        #expect(screen.contains("registry http://reg.test:5000 is unreachable: cannot connect"))
        #expect(screen.contains("check registry.url in the marvdash config"))
        #expect(screen.contains("r retries now"))

        source.set { $0.repositories = .failed(.unauthorized(registry: "http://reg.test:5000", credentials: nil, settingsFile: "/c.yaml", detail: "UNAUTHORIZED"), last: nil) }
        screen = F.render(console)
        #expect(screen.contains("✖ registry needs credentials"))
        #expect(screen.contains("registry.username"), "\(screen.text)")

        // A failure under an earlier answer keeps the table and says so underneath.
        source.set { $0.repositories = .failed(.unreachable(registry: "http://reg.test:5000", detail: "timed out"), last: ["kafka"]) }
        screen = F.render(console)
        #expect(screen.contains("kafka"))
        #expect(screen.contains("✖ registry unreachable — showing the last answer"))
    }
}
