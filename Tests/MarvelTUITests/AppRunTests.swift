import Foundation
import MarvelCore
import Synchronization
import Testing
@testable import MarvelTUI

@Suite struct AppRunTests {
    /// Counts start/stop calls so the test can see the loop never began.
    final class CountingSource: ConsoleDataSource {
        let starts = Mutex(0)
        func current() -> ConsoleSourceState { ConsoleSourceState(snapshot: nil, connection: .connecting, generation: 0) }
        func start() { starts.withLock { $0 += 1 } }
        func stop() {}
        func refreshNow() {}
    }

    @Test func dumbTerminalIsRefusedBeforeAnythingStarts() throws {
        let source = CountingSource()
        let options = ConsoleOptions(source: source, contextName: "c", namespace: "n", serverURL: "u",
                                     environment: ["TERM": "dumb"])
        #expect(throws: TerminalUnavailable.self) { try runConsole(options) }
        #expect(source.starts.withLock { $0 } == 0)
    }

    @Test func refusalMessagePointsToTheCLI() {
        let options = ConsoleOptions(source: StaticDataSource(), contextName: "c", namespace: "n", serverURL: "u",
                                     environment: ["TERM": "dumb"])
        do {
            _ = try runConsole(options)
            Issue.record("runConsole should refuse TERM=dumb")
        } catch {
            #expect("\(error)".contains("marvdash nodes"))
        }
    }
}
