#if canImport(Glibc)
    import Glibc
#endif

/// Hands memory freed after a large list back to the system. Decoding a
/// list's pages on worker threads leaves their garbage in several malloc
/// arenas, which glibc keeps mapped (tens of MB after 50,000 pods) unless
/// asked to trim them (`malloc_trim`, looked up at run time: Swift's Glibc
/// module does not export malloc.h; elsewhere this does nothing).
enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    static func release() {
        #if canImport(Glibc)
            // RTLD_DEFAULT: search the process's global symbols.
            guard let symbol = dlsym(nil, "malloc_trim") else { return }
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
