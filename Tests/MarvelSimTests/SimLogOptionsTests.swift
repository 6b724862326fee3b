import Foundation
import MarvelCore
import MarvelNet
import Testing

@testable import MarvelSim

/// Pod log parameters as the API server and kubelet take them: since*, tail,
/// limitBytes, timestamps, previous and container choice, on a clock the test moves.
@Suite struct SimLogOptionsTests {
    let cluster: ClockedCluster
    var clock: TestBox<Date> { cluster.clock }
    var store: ClusterStore { cluster.store }
    var handler: KubeAPIHandler { cluster.handler }
    var ticker: Ticker { cluster.ticker }

    init() throws { cluster = try ClockedCluster() }

    func get(_ pod: String, namespace: String = "marvel", _ query: [String: String] = [:]) -> (status: Int, text: String) {
        let r = handler.handle(ServerRequest(method: "GET", path: "/api/v1/namespaces/\(namespace)/pods/\(pod)/log", query: query))
        guard case .bytes(let b) = r.body else { return (r.status, "<stream>") }
        return (r.status, String(decoding: b, as: UTF8.self))
    }

    func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }

    /// A running nginx pod, then 100 s of its life.
    func runningPod(containers: String = "[{name: main, image: nginx:1.27}]") throws -> String {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: \(containers)}\n"
        let r = handler.handle(ServerRequest(
            method: "PATCH", path: "/api/v1/namespaces/marvel/pods/web", query: ["fieldManager": "t"],
            headers: ["content-type": "application/apply-patch+yaml"], body: Array(yaml.utf8)))
        #expect(r.status == 201)
        #expect(ticker.run { store.get("pods", namespace: "marvel", name: "web")?.at("status", "phase") == "Running" })
        clock.update { $0 = $0.addingTimeInterval(100) }
        return "web"
    }

    @Test func theWindowParametersSelectByLineTime() throws {
        let pod = try runningPod()
        let all = lines(get(pod).text)
        #expect(all.count == 4 + 99)  // the startup lines, then one a second (the 100th is due a moment later)
        #expect(lines(get(pod, ["tailLines": "3"]).text) == Array(all.suffix(3)))
        #expect(lines(get(pod, ["tailLines": "0"]).text).isEmpty)
        let recent = lines(get(pod, ["sinceSeconds": "10"]).text)
        #expect(recent == Array(all.suffix(10)))
        let since = Timestamp.format(clock.current.addingTimeInterval(-10))
        #expect(lines(get(pod, ["sinceTime": since]).text) == recent)
        #expect(lines(get(pod, ["sinceSeconds": "10", "tailLines": "4"]).text) == Array(all.suffix(4)))
        let limited = get(pod, ["limitBytes": "50"]).text
        #expect(limited.utf8.count == 50)
        #expect(get(pod).text.hasPrefix(limited))
    }

    @Test func timestampsAreStableIncreasingAndRFC3339Nano() throws {
        let pod = try runningPod()
        let stamped = lines(get(pod, ["timestamps": "true"]).text)
        #expect(stamped == lines(get(pod, ["timestamps": "true"]).text))
        let times = stamped.map { String($0.split(separator: " ")[0]) }
        #expect(times.allSatisfy { $0.hasSuffix("Z") && !$0.hasSuffix("0Z") && $0.contains(".") })
        let parsed = times.compactMap(Timestamp.parse)
        #expect(parsed.count == times.count)
        #expect(zip(parsed, parsed.dropFirst()).allSatisfy { $0 < $1 })
        #expect(parsed.last.map { $0 <= clock.current } == true)
        let plain = lines(get(pod).text)
        #expect(zip(stamped, plain).allSatisfy { $0.hasSuffix(" " + $1) })
    }

    @Test func badParametersGetTheAPIServersWords() throws {
        let pod = try runningPod()
        let tail = get(pod, ["tailLines": "-1"])
        #expect(tail.status == 422)
        #expect(tail.text.contains(#"PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0"#))
        #expect(get(pod, ["sinceSeconds": "0"]).text.contains("sinceSeconds: Invalid value: 0: must be greater than 0"))
        #expect(get(pod, ["limitBytes": "0"]).text.contains("limitBytes: Invalid value: 0: must be greater than 0"))
        let both = get(pod, ["sinceSeconds": "5", "sinceTime": "2026-11-19T08:00:00Z"])
        #expect(both.status == 422)
        #expect(both.text.contains("at most one of `sinceTime` or `sinceSeconds` may be specified"))
        #expect(get(pod, ["tailLines": "ten"]).status == 400)
    }

    @Test func previousIsTheContainerBeforeItsLastRestart() throws {
        let pod = try runningPod()
        let none = get(pod, ["previous": "true"])
        #expect(none.status == 400)
        #expect(none.text.contains(#"previous terminated container \"main\" in pod \"web\" not found"#))
        // A system pod on the board that lost contact restarted before: its previous container's lines end when it did.
        let restarted = try #require(store.list("pods", namespace: "kube-system").items.first {
            $0.at("spec", "nodeName") == "mtedge2" && $0.objectName.hasPrefix("kube-proxy-")
        })
        let status = try #require(restarted.at("status", "containerStatuses")?[0])
        let finished = try #require(status.at("lastState", "terminated", "finishedAt")?.stringValue.flatMap(Timestamp.parse))
        let started = try #require(status.at("state", "running", "startedAt")?.stringValue.flatMap(Timestamp.parse))
        let previous = get(restarted.objectName, namespace: "kube-system", ["previous": "true", "timestamps": "true", "tailLines": "5"])
        #expect(previous.status == 200)
        let lastPrevious = try #require(lines(previous.text).last.flatMap { Timestamp.parse(String($0.split(separator: " ")[0])) })
        #expect(lastPrevious <= finished)
        let current = get(restarted.objectName, namespace: "kube-system", ["timestamps": "true"])
        let firstCurrent = try #require(lines(current.text).first.flatMap { Timestamp.parse(String($0.split(separator: " ")[0])) })
        #expect(firstCurrent >= started.addingTimeInterval(-1) || lines(current.text).count == PodLogLines.retained)
    }

    @Test func severalContainersNeedOneNamed() throws {
        let pod = try runningPod(containers: "[{name: app, image: nginx:1.27}, {name: sidecar, image: busybox:1.36}]")
        let unnamed = get(pod)
        #expect(unnamed.status == 400)
        #expect(unnamed.text.contains("a container name must be specified for pod web, choose one of: [app sidecar]"))
        #expect(get(pod, ["container": "sidecar"]).status == 200)
        #expect(get(pod, ["container": "db"]).text.contains("container db is not valid for pod web"))
    }
}

/// The placeholders of the canned log lines.
@Suite struct PodLogLinesTests {
    @Test func placeholdersAreFilledInsideJSONAndBraces() {
        let profile = LogCatalogue.profile(for: "docker.elastic.co/elasticsearch/elasticsearch:8.13.4")
        let lines = PodLogLines(
            profile: profile, pod: "es-0", container: "es", ip: "10.128.1.7", start: LogTime(nanos: 1_795_000_000_000_000_000))
        let texts = (0..<profile.startup.count).map { lines.line($0).text }
        #expect(texts.contains("{\"level\": \"INFO\", \"message\": \"publish_address {10.128.1.7:9300}, bound_addresses {0.0.0.0:9300}\"}"))
        #expect(texts.contains("{\"level\": \"INFO\", \"message\": \"started es-0\"}"))
        #expect(LogTime(nanos: 1_795_000_000_250_000_000).stamp == "2026-11-18T11:06:40.25Z")
        #expect(LogTime(nanos: 1_795_000_000_000_000_000).stamp == "2026-11-18T11:06:40Z")
    }
}
