/// The part of a `fill` that can be visible: where it starts and how many
/// copies of the character to write, so huge or off-screen counts never
/// build huge strings.
struct FillRun {
    var column: Int
    var count: Int

    init(column: Int, count: Int, characterWidth: Int, screenColumns: Int) {
        let width = max(characterWidth, 1)
        guard count > 0, screenColumns > 0 else {
            self.column = column
            self.count = 0
            return
        }
        // Skip whole copies left of column 0, keep at most one screen's worth.
        let hidden = column < 0 ? min(count, (-column) / width) : 0
        self.column = column + hidden * width
        let room = (screenColumns - max(self.column, 0) + width - 1) / width + 1
        self.count = max(0, min(count - hidden, room))
    }
}
