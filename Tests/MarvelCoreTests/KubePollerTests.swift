import Foundation
import Synchronization
import Testing

@testable import MarvelCore

/// A snapshot source whose next answers are scripted; it fails when told to.
final class ScriptedSource: SnapshotFetching {
    struct Down: Error, CustomStringConvertible { var description: String }
    private let failing = Mutex<String?>(nil)
    private let calls = Mutex(0)
    let snapshot: ClusterSnapshot

    init(_ snapshot: ClusterSnapshot) { self.snapshot = snapshot }

    func fail(with message: String?) { failing.withLock { $0 = message } }
    var callCount: Int { calls.withLock { $0 } }
    var sourceDescription: String { "script" }

    func fetchSnapshot() throws -> ClusterSnapshot {
        calls.withLock { $0 += 1 }
        if let message = failing.withLock({ $0 }) { throw Down(description: message) }
        return snapshot
    }
}

@Suite struct KubeSnapshotPollerTests {
    @Test func statesAcrossFailureAndRecovery() throws {
        let source = ScriptedSource(InventoryFixture.snapshot)
        let poller = SnapshotPoller(source: source, interval: 2)
        #expect(poller.current().connection == .connecting)
        #expect(poller.current().snapshot == nil)

        let first = poller.pollOnce()
        guard case .connected = first.connection else { Issue.record("expected connected"); return }
        #expect(first.generation == 1)
        #expect(first.snapshot?.nodes.count == 4)

        source.fail(with: "cannot connect to https://x (context c): connection refused")
        let failed = poller.pollOnce()
        guard case .failed(let message, let since) = failed.connection else { Issue.record("expected failed"); return }
        #expect(message == "cannot connect to https://x (context c): connection refused")
        #expect(failed.snapshot == first.snapshot, "the last good snapshot is kept")
        #expect(failed.consecutiveFailures == 1)

        let again = poller.pollOnce()
        guard case .failed(_, let since2) = again.connection else { Issue.record("expected failed"); return }
        #expect(since2 == since, "failures keep their start time")
        #expect(again.generation == 3)

        source.fail(with: nil)
        let back = poller.pollOnce()
        guard case .connected = back.connection else { Issue.record("expected connected"); return }
        #expect(back.consecutiveFailures == 0)
    }

    @Test func backsOffToTenSeconds() {
        let poller = SnapshotPoller(source: ScriptedSource(InventoryFixture.snapshot), interval: 2)
        #expect((0...5).map { poller.delay(afterFailures: $0) } == [2, 4, 8, 10, 10, 10])
    }

    @Test func backgroundThreadPublishesAndRefreshNowWakesIt() {
        let source = ScriptedSource(InventoryFixture.snapshot)
        let updates = DispatchSemaphore(value: 0)
        // A long interval: the second update can only come from refreshNow().
        let poller = SnapshotPoller(source: source, interval: 600, onUpdate: { _ in updates.signal() })
        poller.start()
        defer { poller.stop() }
        #expect(updates.wait(timeout: .now() + 10) == .success)
        #expect(poller.current().generation == 1)
        poller.refreshNow()
        #expect(updates.wait(timeout: .now() + 10) == .success)
        #expect(poller.current().generation == 2)
        #expect(source.callCount == 2)
    }

    @Test func preparationRunsOnEveryFetchBeforePublishing() {
        let poller = SnapshotPoller(source: ScriptedSource(InventoryFixture.snapshot), interval: 2)
        #expect(poller.pollOnce().snapshot?.nodeInventory == nil)
        poller.prepareSnapshots { $0.preparingNodeInventory() }
        let state = poller.pollOnce()
        #expect(state.snapshot?.nodeInventory?.rows.count == 4)
        #expect(poller.current().snapshot?.nodeInventory != nil)
    }

    @Test func backgroundThreadPublishesPreparedSnapshots() {
        let updates = DispatchSemaphore(value: 0)
        let poller = SnapshotPoller(source: ScriptedSource(InventoryFixture.snapshot), interval: 600,
                                    onUpdate: { _ in updates.signal() })
        poller.prepareSnapshots { $0.preparingNodeInventory() }
        poller.start()
        defer { poller.stop() }
        #expect(updates.wait(timeout: .now() + 10) == .success)
        #expect(poller.current().snapshot?.nodeInventory?.rows.count == 4)
    }

    @Test func fixedSourceFeedsTheSameSnapshot() throws {
        let fixed = FixedSnapshotSource(InventoryFixture.snapshot)
        #expect(try fixed.fetchSnapshot() == InventoryFixture.snapshot)
        #expect(SnapshotPoller(source: fixed).pollOnce().snapshot == InventoryFixture.snapshot)
    }
}
