#if canImport(Glibc)
    import Glibc
#endif

/// What glibc's malloc holds, from `malloc_info` (looked up at run time: Swift's
/// Glibc module does not export malloc.h): the bytes its arenas took from the
/// system, how many of those are free but kept, and the large blocks mapped on
/// their own. Resident memory minus these is code, stacks and libraries.
struct MallocHeap {
    /// Arena memory taken from the system (all arenas, not counting mmapped blocks).
    var arenaBytes: Int
    /// Of it, free chunks the arenas keep (fragmentation, or not yet trimmed).
    var freeBytes: Int
    /// Blocks too large for the arenas, mapped one by one.
    var mappedBytes: Int
    /// Arenas (one per thread that allocated, up to glibc's limit).
    var arenas: Int

    /// The heap now; nil where glibc's malloc_info is missing.
    static func now() -> MallocHeap? {
        #if canImport(Glibc)
            typealias Info = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
            guard let symbol = dlsym(nil, "malloc_info") else { return nil }
            var buffer: UnsafeMutablePointer<CChar>?
            var size = 0
            guard let stream = open_memstream(&buffer, &size) else { return nil }
            let status = unsafeBitCast(symbol, to: Info.self)(0, stream)
            fclose(stream)
            defer { free(buffer) }
            guard status == 0, let buffer else { return nil }
            return parse(String(cString: buffer))
        #else
            return nil
        #endif
    }

    /// Reads malloc_info's XML: the totals after the last arena, and the arena count.
    static func parse(_ xml: String) -> MallocHeap? {
        func attribute(_ name: String, of element: Substring) -> Int? {
            guard let start = element.range(of: name + "=\"") else { return nil }
            let rest = element[start.upperBound...]
            return rest.firstIndex(of: "\"").flatMap { Int(rest[..<$0]) }
        }
        // The process-wide totals follow the last </heap>.
        guard let lastHeap = xml.range(of: "</heap>", options: .backwards) else { return nil }
        let totals = xml[lastHeap.upperBound...]
        var free = 0
        var mapped = 0
        var system: Int?
        for line in totals.split(separator: "\n") {
            if line.contains("<total type=\"fast\"") || line.contains("<total type=\"rest\"") {
                free += attribute("size", of: line) ?? 0
            } else if line.contains("<total type=\"mmap\"") {
                mapped = attribute("size", of: line) ?? 0
            } else if line.contains("<system type=\"current\"") {
                system = attribute("size", of: line)
            }
        }
        guard let system else { return nil }
        let arenas = xml.components(separatedBy: "<heap nr=").count - 1
        return MallocHeap(arenaBytes: system, freeBytes: free, mappedBytes: mapped, arenas: arenas)
    }
}
