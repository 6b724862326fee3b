/// Splits a watch stream's body into its JSON lines (one event each) as the
/// pieces arrive, whatever the chunk boundaries.
struct WatchLineSplitter {
    private var pending: [UInt8] = []

    /// The complete lines in `piece` (and the line it finishes), without newlines; empty lines skipped.
    mutating func feed(_ piece: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        pending.append(contentsOf: piece)
        var lines: [ArraySlice<UInt8>] = []
        var start = pending.startIndex
        while let newline = pending[start...].firstIndex(of: 0x0A) {
            if newline > start { lines.append(pending[start..<newline]) }
            start = newline + 1
        }
        if start > pending.startIndex {
            pending = Array(pending[start...])  // the returned slices keep the old buffer alive
        }
        return lines
    }

    /// Whether a partial line is waiting for its end.
    var hasPartialLine: Bool { !pending.isEmpty }
}
