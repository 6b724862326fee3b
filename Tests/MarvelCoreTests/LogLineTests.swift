import Foundation
import Testing
@testable import MarvelCore

@Suite struct LogLineTests {
    @Test func aTimestampedLineSplitsIntoTimeAndText() {
        let line = LogLine.parse("2026-11-30T09:08:07.123456789Z [Controller id=0] started", source: "kafka-0")
        #expect(line.timestamp == "2026-11-30T09:08:07.123456789Z")
        #expect(line.text == "[Controller id=0] started")
        #expect(line.formatted() == "[kafka-0] [Controller id=0] started")
        #expect(line.formatted(timestamps: true) == "2026-11-30T09:08:07.123456789Z [kafka-0] [Controller id=0] started")
        let plain = LogLine.parse("no time here")
        #expect(plain.timestamp.isEmpty && plain.text == "no time here")
        #expect(LogLine.parse("").text.isEmpty)
    }

    @Test func timestampsCompareToTheNanosecondAndResumeFromTheirSecond() throws {
        let a = try #require(LogTimestamp("2026-11-30T09:08:07.1Z"))
        let b = try #require(LogTimestamp("2026-11-30T09:08:07.100000001Z"))
        let c = try #require(LogTimestamp("2026-11-30T10:08:07.05+01:00"))
        #expect(a < b)
        #expect(c < a)  // 09:08:07.05 UTC
        #expect(a == LogTimestamp("2026-11-30T09:08:07.100Z"))
        #expect(a.sinceTime == "2026-11-30T09:08:07Z")
        #expect(LogTimestamp("2026-11-30T09:08:07Z")?.nanoseconds == 0)
        #expect(LogTimestamp("yesterday") == nil)
        #expect(LogTimestamp("2026-11-30T09:08:07.Z") == nil)
    }

    @Test func backoffDoublesUpToItsMaximum() {
        let backoff = LogBackoff(initial: 1, maximum: 30)
        #expect((1...7).map { backoff.delay(attempt: $0) } == [1, 2, 4, 8, 16, 30, 30])
    }
}
