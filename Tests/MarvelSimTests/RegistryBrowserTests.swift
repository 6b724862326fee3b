import Foundation
import MarvelCore
import MarvelNet
import Testing

/// The console's registry reader: answers in the background, a failing
/// registry is not asked again until the pause is over (or `refresh()`), and
/// a registry that hangs times out as one clear state.
@Suite struct RegistryBrowserTests {
    /// Waits (generous deadline) until `check` holds.
    private func waitUntil(_ what: String, _ check: () -> Bool) {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if check() { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("timed out waiting for \(what)")
    }

    @Test func aFailingRegistryIsNotAskedInALoop() throws {
        let requests = TestBox(0)
        try withServer({ request in
            requests.update { $0 += 1 }
            let body = #"{"errors":[{"code":"UNKNOWN","message":"storage is broken"}]}"#
            return ServerResponse(status: 500, headers: [("Content-Type", "application/json")], body: .bytes(Array(body.utf8)))
        }) { server in
            let browser = RegistryBrowser(client: RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: server.baseURL))))
            guard case .loading = browser.repositories() else { Issue.record("the first ask should be loading"); return }
            waitUntil("the failure") { browser.repositories().error != nil }
            #expect(browser.repositories().error?.description.contains("HTTP 500 UNKNOWN: storage is broken") == true)
            // Every frame asks; none of them reaches the registry before the pause is over.
            for _ in 0..<200 { _ = browser.repositories() }
            #expect(requests.current == 1)
            // r asks again at once.
            browser.refresh()
            _ = browser.repositories()
            waitUntil("the second request") { requests.current == 2 }
            #expect(requests.current == 2)
        }
    }

    @Test func aHangingRegistryTimesOut() throws {
        let release = TestSignal()
        try withServer({ _ in
            _ = release.wait(seconds: 20)
            return ServerResponse(status: 200)
        }) { server in
            defer { release.signal() }
            let client = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: server.baseURL)), timeout: 1)
            let error = registryError { try client.ping() }
            #expect(error?.isUnreachable == true)
            #expect(error?.description.contains("timed out after 1 s") == true, "\(String(describing: error))")
        }
    }
}
