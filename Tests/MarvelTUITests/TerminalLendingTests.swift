import Foundation
import MarvelCore
import Synchronization
import Testing

@testable import MarvelTUI

/// A credential plugin that prompts gets the terminal from the console's main
/// loop (curses suspended around it), and runs on its own thread once the
/// console has ended.
@Suite struct TerminalLendingTests {
    @Test func lentWorkRunsInTheMainLoopsDrainAndTheAskerWaitsForIt() {
        let queue = TerminalLendingQueue()
        let handoff = TerminalHandoff(hasTerminal: true)
        queue.install(on: handoff)
        let ran = Mutex<[String]>([])
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            handoff.lend { ran.withLock { $0.append("plugin") } }
            ran.withLock { $0.append("asker resumed") }
            finished.signal()
        }
        // The main loop: drain until the plugin ran, each inside the suspension.
        var drained = false
        let deadline = Date().addingTimeInterval(20)
        while !drained && Date() < deadline {
            drained = queue.drain { body in
                ran.withLock { $0.append("suspend") }
                body()
                ran.withLock { $0.append("resume") }
            }
            if !drained { Thread.sleep(forTimeInterval: 0.01) }
        }
        #expect(finished.wait(timeout: .now() + 20) == .success)
        #expect(ran.withLock { $0 } == ["suspend", "plugin", "resume", "asker resumed"])
    }

    @Test func afterTheConsoleEndsWorkRunsOnTheAskersThread() {
        let queue = TerminalLendingQueue()
        let handoff = TerminalHandoff(hasTerminal: true)
        queue.install(on: handoff)
        queue.close()
        handoff.setLender(nil)
        let ran = Mutex(false)
        handoff.lend { ran.withLock { $0 = true } }
        #expect(ran.withLock { $0 })
        #expect(!queue.drain { $0() }, "nothing waits in a closed queue")
    }
}
