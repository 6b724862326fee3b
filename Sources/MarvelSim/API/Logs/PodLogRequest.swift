import Foundation
import MarvelCore
import MarvelNet

/// `GET /api/v1/namespaces/{ns}/pods/{name}/log`: the container's lines
/// (`?container`, `?tailLines`, `?timestamps`), or with `?follow=true` a
/// stream that keeps adding a line a second until the pod ends or is
/// deleted, or the client leaves.
struct PodLogRequest {
    var store: ClusterStore
    var namespace: String
    var podName: String
    var lines: PodLogLines
    var tail: Int?
    var timestamps: Bool
    var follow: Bool
    /// The pod's in-process trainer's lines, served instead of the canned ones.
    var trainerLog: TrainerLog?

    init(store: ClusterStore, namespace: String, pod: String, query: [String: String],
         training: SimTrainingSupervisor? = nil) throws(APIStatus) {
        guard let object = store.get("pods", namespace: namespace, name: pod) else {
            throw APIStatus.notFound(resource: "pods", name: pod)
        }
        let containers = object.at("spec", "containers")?.arrayValue ?? []
        let names = containers.compactMap { $0["name"]?.stringValue }
        let chosen: String
        if let c = query["container"], !c.isEmpty {
            guard names.contains(c) else {
                throw APIStatus.badRequest(
                    "container \(c) is not valid for pod \(pod); choose one of: [\(names.joined(separator: " "))]")
            }
            chosen = c
        } else {
            guard names.count == 1 else {
                throw APIStatus.badRequest(
                    "a container name must be specified for pod \(pod), choose one of: [\(names.joined(separator: " "))]")
            }
            chosen = names[0]
        }
        let status = (object.at("status", "containerStatuses")?.arrayValue ?? []).first {
            $0["name"]?.stringValue == chosen
        }
        let waiting: JSONValue? = status == nil ? JSONValue.object([:]) : status?.at("state", "waiting")
        if let waiting {
            let reason = waiting["reason"]?.stringValue ?? "ContainerCreating"
            throw APIStatus.badRequest("container \"\(chosen)\" in pod \"\(pod)\" is waiting to start: \(reason)")
        }
        let image = containers.first { $0["name"]?.stringValue == chosen }?["image"]?.stringValue ?? ""
        let started = (status?.at("state", "running", "startedAt") ?? status?.at("state", "terminated", "startedAt"))?
            .stringValue.flatMap(Timestamp.parse)
        let start = started ?? object.at("status", "startTime")?.stringValue.flatMap(Timestamp.parse) ?? store.now
        self.store = store
        self.namespace = namespace
        self.podName = pod
        self.lines = PodLogLines(
            profile: LogCatalogue.profile(for: image), pod: pod, container: chosen,
            ip: object.at("status", "podIP")?.stringValue ?? "", start: start)
        if let t = query["tailLines"], !t.isEmpty {
            guard let n = Int(t), n >= 0 else {
                throw APIStatus.badRequest("tailLines: invalid value \"\(t)\": must be a non-negative integer")
            }
            tail = n
        }
        timestamps = query["timestamps"] == "true" || query["timestamps"] == "1"
        follow = query["follow"] == "true" || query["follow"] == "1"
        trainerLog = training?.log(forPod: object)
    }

    /// Lines available now: the startup lines plus one per elapsed interval, and
    /// the completion line once the pod has ended.
    func current() -> (texts: [String], count: Int, ended: Bool) {
        let pod = store.get("pods", namespace: namespace, name: podName)
        let phase = pod?.at("status", "phase")?.stringValue ?? ""
        let ended = pod == nil || phase == "Succeeded" || phase == "Failed"
        let elapsed = max(0, store.now.timeIntervalSince(lines.start))
        let steady = Int(elapsed / PodLogLines.interval)
        let count = lines.profile.startup.count + (ended && phase == "Succeeded" ? 0 : min(steady, 10_000))
        var out = (0..<count).map { format(lines.line($0)) }
        if phase == "Succeeded" { out.append(format(lines.completion(after: count))) }
        return (out, count, ended)
    }

    private func format(_ line: (time: Date, text: String)) -> String {
        timestamps ? "\(PodLogLines.stamp(line.time)) \(line.text)" : line.text
    }

    var response: ServerResponse {
        if let trainerLog {
            return TrainerLogResponse(
                store: store, namespace: namespace, podName: podName, log: trainerLog, tail: tail,
                timestamps: timestamps, follow: follow
            ).response
        }
        let snapshot = current()
        var initial = snapshot.texts
        if let tail { initial = Array(initial.suffix(tail)) }
        let body = Array(initial.map { $0 + "\n" }.joined().utf8)
        let headers = [("Content-Type", "text/plain")]
        guard follow, !snapshot.ended else { return ServerResponse(status: 200, headers: headers, body: .bytes(body)) }
        let start = snapshot.count
        let request = self
        return ServerResponse(status: 200, headers: headers, body: .stream { sink in
            request.stream(into: sink, first: body, next: start)
        })
    }

    /// Writes the initial lines, then each new line as it appears.
    func stream(into sink: any ChunkSink, first: [UInt8], next: Int) {
        guard sink.write(first) else { return }
        var index = next
        while !store.watchesClosed {
            let rv = store.resourceVersion
            let due = lines.start.addingTimeInterval(Double(index - lines.profile.startup.count + 1) * PodLogLines.interval)
            let wait = min(max(due.timeIntervalSince(store.now), 0.05), PodLogLines.interval)
            _ = store.waitForChange(after: rv, until: Date().addingTimeInterval(wait))
            let pod = store.get("pods", namespace: namespace, name: podName)
            let phase = pod?.at("status", "phase")?.stringValue ?? ""
            if pod == nil { return }
            if phase == "Succeeded" || phase == "Failed" {
                if phase == "Succeeded" { _ = sink.write(Array((format(lines.completion(after: index)) + "\n").utf8)) }
                return
            }
            if store.now < due { 
                guard sink.write([]) else { return }  // notices a client that left
                continue
            }
            guard sink.write(Array((format(lines.line(index)) + "\n").utf8)) else { return }
            index += 1
        }
    }
}
