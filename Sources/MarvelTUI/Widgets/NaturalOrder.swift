/// Orders names the way people count: digit runs compare as numbers, so
/// `kafka-2` comes before `kafka-10` (plain text order puts `-10` first).
public enum NaturalOrder {
    /// Whether `a` sorts before `b`: text compared piece by piece, digit runs by
    /// value (then by length, so `01` follows `1`), other runs as text.
    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        var i = a.unicodeScalars.makeIterator()
        var j = b.unicodeScalars.makeIterator()
        var x = i.next()
        var y = j.next()
        while let p = x, let q = y {
            if p.properties.numericType == .decimal, q.properties.numericType == .decimal, p.isASCII, q.isASCII {
                var left = "", right = ""
                while let d = x, d.isASCII, d.properties.numericType == .decimal { left.unicodeScalars.append(d); x = i.next() }
                while let d = y, d.isASCII, d.properties.numericType == .decimal { right.unicodeScalars.append(d); y = j.next() }
                let l = left.drop { $0 == "0" }, r = right.drop { $0 == "0" }
                if l.count != r.count { return l.count < r.count }
                if l != r { return l < r }
                if left.count != right.count { return left.count < right.count }
                continue
            }
            if p != q { return p.value < q.value }
            x = i.next()
            y = j.next()
        }
        return x == nil && y != nil
    }

    /// `items` sorted naturally by `key`.
    public static func sorted<T>(_ items: [T], by key: (T) -> String) -> [T] {
        items.sorted { areInIncreasingOrder(key($0), key($1)) }
    }
}
