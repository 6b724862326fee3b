import Foundation
import MarvelCore
import MarvelNet
import MarvelSim
import Testing

/// A server that stops answering is seen within seconds, reads fail within their
/// own timeout (and say which), and a scheme that does not match the server is named.
@Suite struct LivenessTests {
    @Test func consoleNoticesASilentServerWithinFiveSeconds() {
        // The console's settings: a probe after 2.5 s of silence, 2 s for it to answer, one
        // monitor tick. The bound follows from them, not from how busy the test machine is.
        let console = ClusterCacheSettings(livenessQuiet: Settings().livenessSeconds)
        #expect(console.longestUnnoticedSilence <= 5, "\(console.longestUnnoticedSilence) s")
        #expect(ClusterCacheSettings(livenessQuiet: 0).longestUnnoticedSilence == 0)
    }

    @Test func frozenServerIsNotResponding() throws {
        let f = try CacheFixture(livenessQuiet: Settings().livenessSeconds)
        defer { f.stop() }
        f.cache.start()
        #expect(f.cache.waitUntilSynced(timeout: 20))
        #expect(eventually { f.cache.current().connection.isLive })
        f.cluster.faults.freeze()
        let frozen = Date()
        let noticed = eventually {
            if case .notResponding = f.cache.current().connection { return true }
            return false
        }
        #expect(noticed, "still \(f.cache.current().connection) \(Date().timeIntervalSince(frozen)) s after the freeze")
        #expect(f.cache.current().snapshot != nil, "the last data stays, marked stale")
        f.cluster.faults.thaw()
        #expect(eventually { f.cache.current().connection.isLive })
    }

    @Test func serverThatAcceptsAndNeverAnswersIsNotResponding() throws {
        let silent = try SilentServer()
        defer { silent.stop() }
        let target = KubeTarget(contextName: "silent", clusterName: "silent", server: silent.url, sourceDescription: "test")
        let cache = ClusterCache(client: KubeClient(target: target), settings: ClusterCacheSettings(usageInterval: 0, kinds: []))
        cache.start()
        defer { cache.stop() }
        #expect(eventually {
            if case .notResponding = cache.current().connection { return true }
            return false
        })
        #expect(cache.current().snapshot == nil)
    }

    @Test func readFailsWithinItsTimeoutAndSaysWhichOne() throws {
        let silent = try SilentServer()
        defer { silent.stop() }
        let target = KubeTarget(contextName: "silent", clusterName: "silent", server: silent.url, sourceDescription: "test")
        let client = KubeClient(target: target, options: KubeClientOptions(readTimeout: 1))
        let started = Date()
        let message = thrownText { _ = try client.get("/api/v1/nodes") }
        let elapsed = Date().timeIntervalSince(started)
        #expect(message.contains("timed out after 1 s"), "\(message)")
        #expect(!message.contains("\n"))
        // That no timed-out read is tried again is KubeClientRetryTests' (a scripted transport).
        // The message names libcurl's read timeout; its own clock decides when it fires, so only
        // "it did not hang" is checked here (a lower bound on Date() missed by 30 µs once).
        #expect(elapsed < 30, "the read gave up instead of hanging (took \(elapsed) s)")
    }

    @Test func httpsToAPlainServerIsNamedInOneLine() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let https = cluster.serverURL.replacingOccurrences(of: "http://", with: "https://")
        let target = KubeTarget(contextName: "mixed", clusterName: "mixed", server: https, sourceDescription: "test")
        let client = KubeClient(target: target, options: KubeClientOptions(connectTimeout: 2))
        let message = thrownText { _ = try client.get("/version") }
        #expect(message.contains("speaks plain HTTP; set the server to \(cluster.serverURL)"), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test(.enabled(if: TLSFixture.available, "needs /usr/bin/openssl"))
    func httpToATLSServerIsNamedInOneLine() throws {
        let fixture = try TLSFixture()
        let port = try fixture.serve(cert: "server")
        let target = KubeTarget(contextName: "mixed", clusterName: "mixed", server: "http://127.0.0.1:\(port)", sourceDescription: "test")
        let message = thrownText { _ = try KubeClient(target: target).get("/version") }
        #expect(message.contains("speaks HTTPS (TLS); set the server to https://127.0.0.1:\(port)"), "\(message)")
    }
}

/// The description of the error `body` throws ("" when it throws none, which fails the test).
func thrownText(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    do {
        try body()
        Issue.record("expected an error", sourceLocation: sourceLocation)
        return ""
    } catch {
        return String(describing: error)
    }
}

/// The client says who it is and asks for compressed answers.
@Suite struct ClientHeaderTests {
    @Test func userAgentAndAcceptEncodingAreSent() throws {
        try withServer(echoResponse) { server in
            let target = KubeTarget(contextName: "c", clusterName: "c", server: server.baseURL, sourceDescription: "test")
            let echo = try KubeClient(target: target).get("/version")
            #expect(echo.at("headers", "user-agent")?.stringValue == "marvdash/\(MarvelCore.version)")
            #expect(echo.at("headers", "accept-encoding")?.stringValue?.contains("gzip") == true)
        }
    }
}
