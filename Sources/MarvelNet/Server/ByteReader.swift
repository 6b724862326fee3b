/// Buffered reading from a connection: the request head up to the blank
/// line, single lines (chunk sizes) and exact byte counts (bodies), each
/// within the deadline the caller set (`deadline`): a peer that sends too
/// slowly reads as `.timedOut`, however steadily it trickles.
struct ByteReader<Source: ByteSource> {
    private(set) var source: Source
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where `receive` writes before the bytes join `buffer`.
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    /// When the piece being read must be complete; nil: no limit.
    var deadline: ContinuousClock.Instant?
    /// Set when a read failed because `deadline` passed.
    private(set) var timedOut = false

    init(source: Source) {
        self.source = source
    }

    /// Whether bytes are buffered and not yet read.
    var hasBufferedBytes: Bool { start < buffer.count }

    /// Reads more bytes into the buffer; false at end of stream, error or deadline.
    private mutating func fill() -> Bool {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        var wait = Int(Int32.max)
        if let deadline {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else {
                timedOut = true
                return false
            }
            let (seconds, attoseconds) = left.components
            wait = Int(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
        }
        let received = scratch.withUnsafeMutableBytes { source.receive(into: $0, timeoutMilliseconds: wait) }
        guard let n = received else {
            timedOut = true
            return false
        }
        guard n > 0 else { return false }
        buffer.append(contentsOf: scratch[0..<n])
        return true
    }

    /// Waits until at least one byte is buffered; false at end of stream, error or deadline.
    mutating func waitForData() -> Bool {
        while !hasBufferedBytes {
            if !fill() { return false }
        }
        return true
    }

    /// Outcome of reading a delimited piece.
    enum Piece {
        case bytes([UInt8])
        /// The peer closed (or failed) before the piece was complete.
        case closed(partial: Bool)
        /// The deadline passed before the piece was complete.
        case timedOut
        case tooLarge
    }

    private mutating func ended(partial: Bool) -> Piece {
        timedOut ? .timedOut : .closed(partial: partial)
    }

    /// The request head without its terminating blank line. Empty lines before it are skipped.
    mutating func readHead(limit: Int) -> Piece {
        // How far past `start` has been searched; relative, because `fill` may compact the buffer.
        var searched = 0
        while true {
            while start + 1 < buffer.count, buffer[start] == 0x0D, buffer[start + 1] == 0x0A { start += 2 }
            while start < buffer.count, buffer[start] == 0x0A { start += 1 }
            var index = start + searched
            while index < buffer.count {
                if buffer[index] == 0x0A {
                    // "\n\n" or "\n\r\n" ends the head.
                    if index + 1 < buffer.count, buffer[index + 1] == 0x0A {
                        return take(upTo: index + 1, skipping: 1, limit: limit)
                    }
                    if index + 2 < buffer.count, buffer[index + 1] == 0x0D, buffer[index + 2] == 0x0A {
                        return take(upTo: index + 1, skipping: 2, limit: limit)
                    }
                }
                index += 1
            }
            // The last two bytes may begin a terminator that is not complete yet.
            searched = max(0, buffer.count - start - 2)
            if buffer.count - start > limit { return .tooLarge }
            let hadBytes = buffer.count > start
            if !fill() { return ended(partial: hadBytes) }
        }
    }

    /// One line without its CR LF.
    mutating func readLine(limit: Int) -> Piece {
        var searched = 0
        while true {
            var index = start + searched
            while index < buffer.count {
                if buffer[index] == 0x0A {
                    var end = index
                    if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                    let line = Array(buffer[start..<end])
                    start = index + 1
                    return .bytes(line)
                }
                index += 1
            }
            searched = buffer.count - start
            if searched > limit { return .tooLarge }
            if !fill() { return ended(partial: true) }
        }
    }

    /// Exactly `count` bytes (none for a negative count); nil if the stream ends or the
    /// deadline passes first (`timedOut` tells which).
    mutating func read(count: Int) -> [UInt8]? {
        guard count > 0 else { return count == 0 ? [] : nil }
        while buffer.count - start < count {
            if !fill() { return nil }
        }
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        return bytes
    }

    private mutating func take(upTo end: Int, skipping: Int, limit: Int) -> Piece {
        if end - start > limit { return .tooLarge }
        let bytes = Array(buffer[start..<end])
        start = end + skipping
        return .bytes(bytes)
    }
}
