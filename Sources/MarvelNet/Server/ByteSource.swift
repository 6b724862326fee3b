/// Where a `ByteReader` gets its bytes: a connection's socket, or memory (fuzzing, tests).
protocol ByteSource {
    /// Reads up to `buffer.count` bytes, waiting at most `timeoutMilliseconds` for the
    /// first of them: how many arrived, 0 at end of stream, `nil` when none came in time,
    /// -1 on an error.
    mutating func receive(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int) -> Int?
}

/// Bytes held in memory, handed out in pieces of the given lengths (the rest in one
/// piece), so the reader's buffering meets every split a network could produce.
struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    private var pieces: [Int]
    private var nextPiece = 0

    init(_ bytes: [UInt8], pieceLengths: [Int] = []) {
        self.bytes = bytes
        pieces = pieceLengths.map { max(1, $0) }
    }

    mutating func receive(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int) -> Int? {
        guard offset < bytes.count else { return 0 }
        var length = bytes.count - offset
        if nextPiece < pieces.count {
            length = min(length, pieces[nextPiece])
            nextPiece += 1
        }
        length = min(length, buffer.count)
        bytes.withUnsafeBytes { source in
            guard let from = source.baseAddress, let to = buffer.baseAddress else { return }
            to.copyMemory(from: from + offset, byteCount: length)
        }
        offset += length
        return length
    }
}
