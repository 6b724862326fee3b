/// A pane that is planned but not built yet: it says so plainly, centred,
/// instead of showing made-up data.
public struct PlaceholderPane: Pane {
    public let title: String

    public init(title: String) { self.title = title }

    /// The sentence the pane shows.
    public var message: String { "\(title): not built yet in this version — see `marvdash --help`" }

    public func keyHelp(readOnly: Bool) -> [KeyHelp] { [] }
    public var acceptsFilter: Bool { false }
    public var filter: String { "" }
    public mutating func setFilter(_ text: String, context: PaneContext) {}
    public mutating func update(_ context: PaneContext) {}
    public mutating func handle(_ key: Key, context: PaneContext) -> Bool { false }

    public func render(in rect: Rect, on screen: any Screen, context: PaneContext) {
        screen.blank(rect)
        let line = rect.centered(width: rect.width, height: 1)
        screen.draw(message, in: line, style: TextStyle(.dim), alignment: .center)
    }
}
