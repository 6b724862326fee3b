import Foundation
import MarvelCore

/// How a resource view orders its rows: by one column (named, so the choice
/// survives a refreshed table), ascending or not. Shift+letter picks the
/// column whose header starts with the letter, as k9s (Shift-N NAME, Shift-A
/// AGE, Shift-S STATUS, …); the same letter again inverts (then moves on to
/// the next column with that letter); `i` inverts.
public struct ResourceSort: Sendable, Hashable {
    public var column: String
    public var descending: Bool

    public init(column: String, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }

    /// The sort after Shift+`letter` on `columns` (nil when no header starts with it): the first
    /// such column ascending; the same letter again inverts, then moves to the next column
    /// starting with it (READY ↑, READY ↓, RESTARTS ↑, RESTARTS ↓, READY ↑, …).
    public static func after(_ letter: Character, current: ResourceSort?, columns: [ResourceColumn]) -> ResourceSort? {
        let upper = String(letter).uppercased()
        let matching = columns.filter { $0.name.hasPrefix(upper) }
        guard let first = matching.first else { return nil }
        guard let current, let index = matching.firstIndex(where: { $0.name == current.column }) else {
            return ResourceSort(column: first.name)
        }
        if !current.descending { return ResourceSort(column: current.column, descending: true) }
        return ResourceSort(column: matching[(index + 1) % matching.count].name)
    }

    /// `rows` ordered by this sort (ties by namespace and name, in natural order).
    public func sorted(_ rows: [ResourceRow], columns: [ResourceColumn]) -> [ResourceRow] {
        guard let index = columns.firstIndex(where: { $0.name == column }) else { return rows }
        let order = columns[index].order
        func ascending(_ a: ResourceRow, _ b: ResourceRow) -> Bool {
            switch order {
            case .age:
                // Youngest first, as the AGE column reads smallest first.
                let x = a.created ?? .distantPast
                let y = b.created ?? .distantPast
                if x != y { return x > y }
            case .number:
                let x = Self.numbers(in: a.cells[safe: index] ?? "")
                let y = Self.numbers(in: b.cells[safe: index] ?? "")
                if x != y { return x.lexicographicallyPrecedes(y) }
            case .text:
                let x = a.cells[safe: index] ?? ""
                let y = b.cells[safe: index] ?? ""
                if x != y { return NaturalOrder.areInIncreasingOrder(x, y) }
            }
            if a.namespace != b.namespace { return NaturalOrder.areInIncreasingOrder(a.namespace, b.namespace) }
            return NaturalOrder.areInIncreasingOrder(a.name, b.name)
        }
        let up = rows.sorted(by: ascending)
        return descending ? up.reversed() : up
    }

    /// The integers in a cell ("2/3" → [2, 3], "5 (3m ago)" → [5, 3]); none sorts first.
    static func numbers(in text: String) -> [Int] {
        text.split { !$0.isNumber }.compactMap { Int($0) }
    }
}

/// The `/` filter of a resource view: `-l SELECTOR` is a label selector sent
/// to the server (the watch is restarted with it, as `kubectl get -l`); any
/// other text is a regular expression (any case) that a row matches when one
/// of its cells or the whole row (cells joined by spaces) does — so
/// `^coredns$` finds the NAME — or plain text when it is not a valid expression.
public enum ResourceFilter: Sendable, Hashable {
    case none
    case labels(String)
    case pattern(String)

    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            self = .none
        } else if trimmed == "-l" || trimmed.hasPrefix("-l ") {
            self = .labels(String(trimmed.dropFirst(2)).trimmingCharacters(in: .whitespaces))
        } else {
            self = .pattern(trimmed)
        }
    }

    /// The label selector the watch should use (nil: none).
    public var labelSelector: String? {
        if case .labels(let selector) = self, !selector.isEmpty { return selector }
        return nil
    }

    /// The rows a pattern keeps (every row for a label selector, which the server applied).
    public func apply(_ rows: [ResourceRow]) -> [ResourceRow] {
        guard case .pattern(let text) = self else { return rows }
        if let regex = try? NSRegularExpression(pattern: text, options: [.caseInsensitive]) {
            func matches(_ text: String) -> Bool { regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }
            return rows.filter { row in row.cells.contains(where: matches) || matches(row.cells.joined(separator: " ")) }
        }
        let needle = text.lowercased()
        return rows.filter { $0.cells.joined(separator: " ").lowercased().contains(needle) }
    }
}

fileprivate extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
