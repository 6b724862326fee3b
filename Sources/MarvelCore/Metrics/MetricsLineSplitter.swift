/// Cuts a byte stream into lines and parses the metrics events among
/// them; keeps an unterminated tail until more bytes arrive. Lines of a
/// Flower server's log become events of the run `flowerRun` (FlowerServerLog).
struct MetricsLineSplitter {
    private var pending: [UInt8] = []
    /// Longest line kept while waiting for its end; longer ones are dropped.
    let maxLine: Int
    private var flower: FlowerServerLog?

    init(maxLine: Int = 1 << 20, flowerRun: String? = nil) {
        self.maxLine = maxLine
        flower = flowerRun.map(FlowerServerLog.init(run:))
    }

    private mutating func events(of line: String) -> [MetricEvent] {
        if let e = MetricEvent.parse(line: line) { return [e] }
        return flower?.translate(line) ?? []
    }

    /// The events of the complete lines in `bytes` (plus what was pending).
    mutating func feed<Bytes: Collection>(_ bytes: Bytes) -> [MetricEvent] where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
        var events: [MetricEvent] = []
        var start = 0
        while let nl = pending[start...].firstIndex(of: 10) {
            events += self.events(of: String(decoding: pending[start..<nl], as: UTF8.self))
            start = nl + 1
        }
        pending.removeSubrange(0..<start)
        if pending.count > maxLine { pending.removeAll() }
        return events
    }

    /// The event of an unterminated last line, when the stream has ended.
    mutating func finish() -> [MetricEvent] {
        defer { pending.removeAll() }
        guard !pending.isEmpty else { return [] }
        return events(of: String(decoding: pending, as: UTF8.self))
    }

    mutating func reset() {
        pending.removeAll()
        if let run = flower?.run { flower = FlowerServerLog(run: run) }
    }
}
