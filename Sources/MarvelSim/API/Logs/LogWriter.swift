/// Turns log lines into the bytes of a log response: each line with its
/// time first when `timestamps` is set, and no more than `limitBytes` in
/// all (the last line cut where the limit falls, as the kubelet cuts it).
struct LogWriter {
    var timestamps: Bool
    /// Bytes still allowed; nil: no limit.
    var remaining: Int?

    init(timestamps: Bool, limitBytes: Int?) {
        self.timestamps = timestamps
        remaining = limitBytes
    }

    /// Whether the limit has been reached: nothing more may be written.
    var exhausted: Bool { remaining.map { $0 <= 0 } ?? false }

    /// The bytes of `lines`, within what the limit still allows.
    mutating func bytes(_ lines: [(time: LogTime, text: String)]) -> [UInt8] {
        var out: [UInt8] = []
        for line in lines {
            guard !exhausted else { break }
            var bytes = Array(((timestamps ? line.time.stamp + " " : "") + line.text + "\n").utf8)
            if let left = remaining {
                if bytes.count > left { bytes = Array(bytes.prefix(left)) }
                remaining = left - bytes.count
            }
            out += bytes
        }
        return out
    }
}
