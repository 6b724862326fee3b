import Foundation
import MarvelCore
import MarvelNet

/// The log of a training pod whose trainer runs in-process: the lines it has
/// printed, each at the time it printed it (`sinceSeconds`/`sinceTime`,
/// `tailLines`, `limitBytes` and `timestamps` as for any pod), or with
/// `follow` a stream that sends each new line as the trainer prints it, until
/// the trainer ends, the pod is deleted, the cluster stops, the limit is
/// reached or the client leaves.
struct TrainerLogResponse {
    var store: ClusterStore
    var namespace: String
    var podName: String
    var log: TrainerLog
    var options: LogOptions

    /// How often a quiet stream checks that the pod and the client are still there.
    static let heartbeat = 0.5

    var response: ServerResponse {
        let (all, ended) = log.lines()
        var shown = all.map { (time: LogTime($0.time), text: $0.text) }
        if let since = options.since(now: store.now) { shown = shown.filter { $0.time >= since } }
        if let tail = options.tailLines { shown = Array(shown.suffix(tail)) }
        var writer = LogWriter(timestamps: options.timestamps, limitBytes: options.limitBytes)
        let body = writer.bytes(shown)
        let headers = [("Content-Type", "text/plain")]
        guard options.follow, !ended, !writer.exhausted else {
            return ServerResponse(status: 200, headers: headers, body: .bytes(body))
        }
        let request = self
        let next = all.count
        let resume = writer
        return ServerResponse(status: 200, headers: headers, body: .stream { sink in
            request.stream(into: sink, first: body, next: next, writer: resume)
        })
    }

    /// Writes `first`, then every line from index `next` on as it appears.
    func stream(into sink: any ChunkSink, first: [UInt8], next: Int, writer start: LogWriter) {
        guard sink.write(first) else { return }
        var writer = start
        var index = next
        while !store.watchesClosed && !writer.exhausted {
            log.wait(beyond: index, until: Date().addingTimeInterval(Self.heartbeat))
            let (lines, ended) = log.lines(from: index)
            if !lines.isEmpty {
                guard sink.write(writer.bytes(lines.map { (LogTime($0.time), $0.text) })) else { return }
                index += lines.count
            } else if !sink.write([]) {
                return  // the client left
            }
            if ended || store.get("pods", namespace: namespace, name: podName) == nil { return }
        }
    }
}
