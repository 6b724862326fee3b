import Foundation
import Testing

/// The Images pane in a real terminal: marvdash --demo in tmux, key 4, the
/// demo registry's repositories, one repository's tags, and its detail.
@Suite struct ConsoleImagesTests {
    @Test func imagesPaneOnTheDemoRegistry() throws {
        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath)
        defer {
            tmux.kill()
            probe.remove()
        }
        try tmux.waitFor("EDGE")
        try tmux.sendKeys("4")
        try tmux.waitFor("the repository list") {
            $0.contains("repositories") && $0.contains("aler9/rtsp-simple-server") && $0.contains("templates streamhandler")
        }
        try tmux.sendKeys("/")
        try tmux.sendKeys("fedl-client")
        try tmux.sendKeys("Enter")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("fedl-client's tags") { $0.contains("1, latest") && $0.contains("linux/amd64, linux/arm64/v8") && $0.contains("oci-index") }
        try tmux.sendKeys("Enter")
        try tmux.waitFor("the detail") { $0.contains("fedl-client:1 on http://127.0.0.1:") && $0.contains("org.opencontainers.image.title=fedl-client") }
        try tmux.sendKeys("Escape")
        try tmux.sendKeys("C-d")
        try tmux.waitFor("the delete question") { $0.contains("Delete fedl-client:1 (and latest) from the registry? y/N") }
        try tmux.sendKeys("y")
        // The demo registry is read-only: the refusal is shown, nothing is deleted.
        try tmux.waitFor("the refusal") { $0.contains("has deletes disabled (405 UNSUPPORTED)") }
        try tmux.sendKeys("Escape")
        // q closes the tag list (a view, as Esc does), then quits from the repositories.
        try tmux.waitFor("the tag list") { $0.contains("1, latest") && !$0.contains("Delete fedl-client:1") }
        try tmux.sendKeys("q")
        try tmux.waitFor("the repositories again") { $0.contains("REPOSITORY") && $0.contains("USED BY") && $0.contains("templates fedl-client") }
        #expect(!probe.finished, "q in the tag list quit the console")
        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }
}
