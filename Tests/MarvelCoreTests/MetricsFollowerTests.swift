import Foundation
@testable import MarvelCore
import Testing

@Suite struct MetricsFollowerTests {
    func line(_ epoch: Int, run: String = "local") -> String {
        MetricEvent.dynhpEpoch(
            DynHPEpoch(
                run: run, ts: Date(timeIntervalSince1970: 1_780_000_000 + Double(epoch)), epoch: epoch, epochs: 5, loss: 1,
                trainError: 0.3, valError: 0.3, params: 1000 - epoch, paramsInitial: 1000, active: [4, 8, 2], batchSize: 32,
                memoryBytes: 4096, flops: 100)
        ).jsonLine()
    }

    func epochs(_ feed: MetricsFeed) -> [Int] { feed.runs().first?.history.epochs.map(\.epoch) ?? [] }

    @Test func followsAppendedLinesLikeTail() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("run.jsonl").path
        try (["trainer starting", line(1), "{broken", line(2)].joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)

        let feed = MetricsFeed()
        let follower = MetricsFileFollower(path: path, feed: feed, pollInterval: 0.02)
        follower.start()
        defer { follower.stop() }
        #expect(eventually { epochs(feed) == [1, 2] })

        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        // Half a line first: nothing may be taken until its end arrives.
        let third = line(3)
        let cut = third.index(third.startIndex, offsetBy: 20)
        handle.write(Data(third[..<cut].utf8))
        handle.write(Data((String(third[cut...]) + "\nepoch 3 done\n").utf8))
        handle.closeFile()
        #expect(eventually { epochs(feed) == [1, 2, 3] })
        #expect(feed.runs().count == 1)
        #expect(feed.runs().first?.origin == .file(path: path))
        #expect(eventually { feed.state(of: .file(path: path)) == "following" })
    }

    @Test func waitsForAMissingFileAndRereadsAReplacedOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("later.jsonl").path
        let feed = MetricsFeed()
        let follower = MetricsFileFollower(path: path, feed: feed, pollInterval: 0.02)
        follower.start()
        defer { follower.stop() }
        #expect(eventually { feed.state(of: .file(path: path))?.hasPrefix("waiting") == true })
        #expect(feed.runs().isEmpty)

        try (line(1, run: "a") + "\n" + line(2, run: "a") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(eventually { epochs(feed) == [1, 2] })
        // A new file in its place (a new run written over the old one): old runs go.
        try (line(1, run: "b") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(eventually { feed.runs().map(\.history.run) == ["b"] })
    }

    @Test func splitterKeepsPartialLines() {
        var splitter = MetricsLineSplitter()
        #expect(splitter.feed(Array((line(1) + "\n" + "noise\n" + line(2).prefix(10)).utf8)).count == 1)
        #expect(splitter.feed(Array((line(2).dropFirst(10) + "\n").utf8)).count == 1)
        #expect(splitter.feed(Array(line(3).utf8)).isEmpty)
        #expect(splitter.finish().count == 1)
    }
}
