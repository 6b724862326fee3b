import Foundation

/// CPU time a process has used (user + system, all its threads), read from
/// `/proc/<pid>/stat`: how the over-HTTP bench tells the server's work from the
/// console's on one machine.
enum ProcessCPU {
    /// Milliseconds of CPU `pid` has used ("self": this process); nil when /proc cannot tell.
    static func milliseconds(_ pid: String = "self") -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm) ": state is field 3, utime 14 and stime 15 (proc(5)).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard ticks > 0 else { return nil }
        return (user + system) / ticks * 1000
    }
}
