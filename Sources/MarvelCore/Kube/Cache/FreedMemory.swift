#if canImport(Glibc)
    import Glibc
#endif

/// Hands memory freed after a large list back to the system. Decoding a
/// list's pages on worker threads leaves their garbage in several malloc
/// arenas, which glibc keeps mapped (tens of MB after 50,000 pods) unless
/// asked to trim them (`malloc_trim`), and glibc opens up to 8 arenas per core,
/// each keeping its own free chunks (`capArenas`). Both are looked up at run
/// time: Swift's Glibc module does not export malloc.h; elsewhere this does nothing.
public enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32
    private typealias SetOption = @convention(c) (Int32, Int32) -> Int32

    /// glibc's `M_ARENA_MAX` option of `mallopt`.
    private static let arenaMaxOption: Int32 = -8

    /// How many arenas the console keeps: the list's two page decoders, the reflectors' downloads
    /// and the main thread; more only hold more free chunks.
    public static let consoleArenas = 4

    static func release() {
        #if canImport(Glibc)
            // RTLD_DEFAULT: search the process's global symbols.
            guard let symbol = dlsym(nil, "malloc_trim") else { return }
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    /// Caps malloc's arenas at `count` for this process, unless `MALLOC_ARENA_MAX` in
    /// `environment` already says how many (glibc reads it itself). Call it at start, before
    /// threads allocate. True when the cap was set.
    @discardableResult
    public static func capArenas(_ count: Int = consoleArenas, environment: [String: String]) -> Bool {
        guard environment["MALLOC_ARENA_MAX"] == nil else { return false }
        #if canImport(Glibc)
            guard let symbol = dlsym(nil, "mallopt") else { return false }
            return unsafeBitCast(symbol, to: SetOption.self)(arenaMaxOption, Int32(clamping: count)) == 1
        #else
            return false
        #endif
    }
}
