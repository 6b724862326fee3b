import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Follows a local metrics file like `tail -f`: reads what is there, then
/// keeps reading appended lines on a background thread into a `MetricsFeed`.
/// A file that is truncated or replaced is read again from the start; a
/// missing file is waited for. The state shows in the feed's source states.
public final class MetricsFileFollower: Sendable {
    public let path: String
    public let feed: MetricsFeed
    /// Seconds between checks for new bytes at the end of the file.
    public let pollInterval: Double
    private let stopped = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)

    public init(path: String, feed: MetricsFeed, pollInterval: Double = 0.25) {
        self.path = path
        self.feed = feed
        self.pollInterval = max(0.01, pollInterval)
    }

    public var origin: RunOrigin { .file(path: path) }

    /// Starts the background thread (once).
    public func start() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        feed.setState("opening", for: origin)
        let thread = Thread { [self] in run() }
        thread.name = "metrics-file"
        thread.start()
    }

    /// Asks the thread to end; it does within one poll interval.
    public func stop() { stopped.store(true, ordering: .releasing) }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    private func run() {
        var tail = FileTail(path: path)
        while !isStopped {
            switch tail.readAvailable() {
            case .events(let events, let reopened):
                if reopened { feed.removeRuns(from: origin) }
                feed.apply(events, from: origin)
                feed.setState("following", for: origin)
            case .idle:
                feed.setState("following", for: origin)
                pause()
            case .unavailable(let reason):
                feed.setState("waiting: \(reason)", for: origin)
                pause()
            }
        }
        tail.close()
    }

    private func pause() {
        var left = pollInterval
        while left > 0 && !isStopped {
            let step = min(left, 0.05)
            Thread.sleep(forTimeInterval: step)
            left -= step
        }
    }
}

/// The reading side of a followed file: an open descriptor, the offset
/// read so far and the identity of the file, confined to one thread.
struct FileTail {
    enum Read {
        /// New events (possibly none) were read; `reopened` when the file started over.
        case events([MetricEvent], reopened: Bool)
        /// Nothing new at the end of the file.
        case idle
        /// The file cannot be read (reason given).
        case unavailable(String)
    }

    let path: String
    private var fd: Int32 = -1
    private var offset: Int64 = 0
    private var identity: (dev: UInt64, ino: UInt64)?
    private var splitter: MetricsLineSplitter
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// A Flower server log in the file is the run named after the file (without its extension).
    init(path: String) {
        self.path = path
        let base = (path as NSString).lastPathComponent
        splitter = MetricsLineSplitter(flowerRun: (base as NSString).deletingPathExtension)
    }

    mutating func readAvailable() -> Read {
        var reopened = false
        var st = stat()
        guard stat(path, &st) == 0 else {
            return .unavailable("\(path): \(String(cString: strerror(errno)))")
        }
        let id = (dev: UInt64(st.st_dev), ino: UInt64(st.st_ino))
        if fd >= 0, let known = identity, known != id || Int64(st.st_size) < offset {
            close()
            reopened = true
        }
        if fd < 0 {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { return .unavailable("\(path): \(String(cString: strerror(errno)))") }
            identity = id
            offset = 0
            splitter.reset()
        }
        var events: [MetricEvent] = []
        var readAny = false
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = "\(path): \(String(cString: strerror(errno)))"
                close()
                return .unavailable(reason)
            }
            if n == 0 { break }
            readAny = true
            offset += Int64(n)
            events += splitter.feed(buffer[0..<n])
            if events.count > 10_000 { break }
        }
        return readAny || reopened ? .events(events, reopened: reopened) : .idle
    }

    mutating func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
        identity = nil
    }
}
