import Foundation
import MarvelCore
import MarvelNet
import Testing

@testable import MarvelSim

/// Cron schedules as the CronJob controller reads them.
@Suite struct CronScheduleTests {
    let utc = TimeZone(identifier: "UTC")!

    func at(_ text: String) -> Date { Timestamp.parse(text)! }

    func next(_ schedule: String, after: String, zone: String = "UTC") throws -> String? {
        let s = try CronSchedule(schedule, timeZone: TimeZone(identifier: zone)!)
        return s.next(after: at(after)).map(Timestamp.format)
    }

    @Test func fiveFieldsWithListsRangesStepsAndNames() throws {
        #expect(try next("*/15 * * * *", after: "2026-03-01T10:07:30Z") == "2026-03-01T10:15:00Z")
        #expect(try next("0 9-17/4 * * MON-FRI", after: "2026-03-06T17:00:00Z") == "2026-03-09T09:00:00Z")  // Fri → Mon
        #expect(try next("30 2 1,15 * *", after: "2026-03-02T00:00:00Z") == "2026-03-15T02:30:00Z")
        #expect(try next("0 0 * FEB SUN", after: "2026-01-10T00:00:00Z") == "2026-02-01T00:00:00Z")  // dom * → every Sunday in Feb
        #expect(try next("0 0 13 * FRI", after: "2026-03-01T00:00:00Z") == "2026-03-06T00:00:00Z")  // dom and dow: either
        #expect(try next("5 4 * * ?", after: "2026-03-01T04:05:00Z") == "2026-03-02T04:05:00Z")
    }

    @Test func macros() throws {
        #expect(try next("@hourly", after: "2026-03-01T10:00:00Z") == "2026-03-01T11:00:00Z")
        #expect(try next("@daily", after: "2026-03-01T10:00:00Z") == "2026-03-02T00:00:00Z")
        #expect(try next("@midnight", after: "2026-03-01T10:00:00Z") == "2026-03-02T00:00:00Z")
        #expect(try next("@weekly", after: "2026-03-04T10:00:00Z") == "2026-03-08T00:00:00Z")
        #expect(try next("@monthly", after: "2026-03-04T10:00:00Z") == "2026-04-01T00:00:00Z")
        #expect(try next("@yearly", after: "2026-03-04T10:00:00Z") == "2027-01-01T00:00:00Z")
        #expect(try next("@annually", after: "2026-03-04T10:00:00Z") == "2027-01-01T00:00:00Z")
        #expect(try next("@every 1h30m", after: "2026-03-04T10:00:00Z") == "2026-03-04T11:30:00Z")
    }

    @Test func aTimeZoneShiftsTheWallClock() throws {
        #expect(try next("0 9 * * *", after: "2026-03-01T00:00:00Z", zone: "Europe/Athens") == "2026-03-01T07:00:00Z")
    }

    @Test func badSchedulesSayWhy() {
        #expect(throws: CronSchedule.ParseError(message: "expected exactly 5 fields, found 4: * * * *")) { try CronSchedule("* * * *") }
        #expect(throws: CronSchedule.ParseError(message: "end of range (60) above maximum (59): 0-60")) { try CronSchedule("0-60 * * * *") }
        #expect(throws: CronSchedule.ParseError(message: "unrecognized descriptor: @fortnightly")) { try CronSchedule("@fortnightly") }
        #expect(throws: CronSchedule.ParseError(message: "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")) {
            try CronSchedule("TZ=UTC 0 * * * *")
        }
        #expect(throws: CronSchedule.ParseError.self) { try CronSchedule("0 0 31 FOO *") }
    }
}

/// The CronJob controller on an injected clock: Jobs at scheduled times, concurrency policies, history.
@Suite struct SimCronJobTests {
    let cluster: ClockedCluster
    var clock: TestBox<Date> { cluster.clock }
    var store: ClusterStore { cluster.store }
    var handler: KubeAPIHandler { cluster.handler }
    var ticker: Ticker { cluster.ticker }

    init() throws { cluster = try ClockedCluster(at: Timestamp.parse("2026-11-19T08:26:40Z")!) }

    func cronJob(_ schedule: String, extra: String = "") -> String {
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report}
        spec:
          schedule: "\(schedule)"
        \(extra)
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: report, image: busybox:1.36}]
        """
    }

    func apply(_ yaml: String) throws -> Int {
        let request = ServerRequest(
            method: "PATCH", path: "/apis/batch/v1/namespaces/marvel/cronjobs/report", query: ["fieldManager": "test"],
            headers: ["content-type": "application/apply-patch+yaml"], body: Array(yaml.utf8))
        return handler.handle(request).status
    }

    func jobs() -> [String] {
        store.list("jobs", namespace: "marvel").items.map(\.name).filter { $0.hasPrefix("report-") }.sorted()
    }

    @Test func aJobStartsAtEveryScheduledMinuteAndOnlyThen() throws {
        #expect(try apply(cronJob("*/5 * * * *")) == 201)
        ticker.tick()
        #expect(jobs().isEmpty)
        clock.update { $0 = $0.addingTimeInterval(200) }  // 08:30:00 has passed
        ticker.tick()
        let expected = "report-\(Int(Timestamp.parse("2026-11-19T08:30:00Z")!.timeIntervalSince1970) / 60)"
        #expect(jobs() == [expected])
        let job = try #require(store.get("jobs", namespace: "marvel", name: expected))
        #expect(job.at("metadata", "ownerReferences")?[0]?["kind"] == "CronJob")
        #expect(job.at("metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp") == "2026-11-19T08:30:00Z")
        let cj = try #require(store.get("cronjobs", namespace: "marvel", name: "report"))
        #expect(cj.at("status", "lastScheduleTime") == "2026-11-19T08:30:00Z")
        #expect(cj.at("status", "active")?[0]?["name"] == .string(expected))
        // The Job runs to completion and leaves the active list.
        #expect(ticker.run { store.get("cronjobs", namespace: "marvel", name: "report")?.at("status", "active") == nil })
        #expect(store.get("cronjobs", namespace: "marvel", name: "report")?.at("status", "lastSuccessfulTime") != nil)
        // Nothing more until 08:35.
        for _ in 0..<3 { ticker.tick() }
        #expect(jobs().count == 1)
        clock.update { $0 = $0.addingTimeInterval(300) }
        ticker.tick()
        #expect(jobs().count == 2)
    }

    @Test func suspendedCronJobsStartNothing() throws {
        #expect(try apply(cronJob("* * * * *", extra: "  suspend: true")) == 201)
        clock.update { $0 = $0.addingTimeInterval(600) }
        ticker.tick()
        #expect(jobs().isEmpty)
    }

    @Test func forbidSkipsWhileAJobRunsAndReplaceSwapsIt() throws {
        // A Job whose pod never finishes (it cannot be scheduled) keeps running.
        let stuck = """
              concurrencyPolicy: Forbid
            """
        let yaml = cronJob("* * * * *", extra: stuck).replacingOccurrences(
            of: "containers: [{name: report, image: busybox:1.36}]",
            with: "containers: [{name: report, image: busybox:1.36, resources: {requests: {cpu: \"500\"}}}]")
        #expect(try apply(yaml) == 201)
        clock.update { $0 = $0.addingTimeInterval(60) }
        ticker.tick()
        #expect(jobs().count == 1)
        clock.update { $0 = $0.addingTimeInterval(60) }
        ticker.tick()
        #expect(jobs().count == 1)
        #expect(store.list("events", namespace: "marvel").items.contains { $0["reason"] == "JobAlreadyActive" })
        #expect(try apply(yaml.replacingOccurrences(of: "Forbid", with: "Replace")) == 200)
        let first = jobs()
        clock.update { $0 = $0.addingTimeInterval(60) }
        ticker.tick()
        #expect(jobs().count == 1)
        #expect(jobs() != first)
    }

    @Test func finishedJobsBeyondTheHistoryLimitAreDeleted() throws {
        #expect(try apply(cronJob("* * * * *", extra: "  successfulJobsHistoryLimit: 2")) == 201)
        for _ in 0..<4 {
            clock.update { $0 = $0.addingTimeInterval(60) }
            ticker.tick()
            #expect(ticker.run { store.get("cronjobs", namespace: "marvel", name: "report")?.at("status", "active") == nil })
        }
        ticker.tick()
        #expect(jobs().count == 2)
    }

    @Test func anUnreadableScheduleIsRefusedByTheAPIAndReportedOnceByTheController() throws {
        #expect(try apply(cronJob("every day")) == 422)
        // One stored some other way (as before validation) is reported by the controller, once.
        var object = try #require(try YAML.load(cronJob("every day")).first)
        object["metadata"]?["namespace"] = "marvel"
        try store.create("cronjobs", object)
        ticker.tick()
        ticker.tick()
        let events = store.list("events", namespace: "marvel").items.filter { $0["reason"] == "UnparseableSchedule" }
        #expect(events.count == 1)
        #expect(events.first?["count"] == 1)
        #expect(events.first?["message"]?.stringValue?.contains("expected exactly 5 fields, found 2: every day") == true)
    }
}
