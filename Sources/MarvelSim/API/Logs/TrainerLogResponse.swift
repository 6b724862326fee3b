import Foundation
import MarvelCore
import MarvelNet

/// The log of a training pod whose trainer runs in-process: the lines it has printed
/// (`tail`, `timestamps` as for any pod), or with `follow` a stream that sends each new
/// line as the trainer prints it, until the trainer ends, the pod is deleted, the
/// cluster stops or the client leaves.
struct TrainerLogResponse {
    var store: ClusterStore
    var namespace: String
    var podName: String
    var log: TrainerLog
    var tail: Int?
    var timestamps: Bool
    var follow: Bool

    /// How often a quiet stream checks that the pod and the client are still there.
    static let heartbeat = 0.5

    var response: ServerResponse {
        let (lines, ended) = log.lines()
        let shown = tail.map { Array(lines.suffix($0)) } ?? lines
        let body = text(shown)
        let headers = [("Content-Type", "text/plain")]
        guard follow, !ended else { return ServerResponse(status: 200, headers: headers, body: .bytes(body)) }
        let request = self
        let next = lines.count
        return ServerResponse(status: 200, headers: headers, body: .stream { sink in
            request.stream(into: sink, first: body, next: next)
        })
    }

    private func text(_ lines: [(time: Date, text: String)]) -> [UInt8] {
        Array(lines.map { (timestamps ? PodLogLines.stamp($0.time) + " " : "") + $0.text + "\n" }.joined().utf8)
    }

    /// Writes `first`, then every line from index `next` on as it appears.
    func stream(into sink: any ChunkSink, first: [UInt8], next: Int) {
        guard sink.write(first) else { return }
        var index = next
        while !store.watchesClosed {
            log.wait(beyond: index, until: Date().addingTimeInterval(Self.heartbeat))
            let (lines, ended) = log.lines(from: index)
            if !lines.isEmpty {
                guard sink.write(text(lines)) else { return }
                index += lines.count
            } else if !sink.write([]) {
                return  // the client left
            }
            if ended || store.get("pods", namespace: namespace, name: podName) == nil { return }
        }
    }
}
