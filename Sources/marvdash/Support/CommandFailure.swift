/// A failure the CLI reports as one line on stderr, then exits with `exitCode`.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32 = 1

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    /// Wraps any error thrown by the core: its description is already the one line to show.
    init(_ error: any Error) {
        self.message = String(describing: error)
    }

    var description: String { message }
}

/// Runs `body`, converting any error into a `CommandFailure`.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        throw CommandFailure(error)
    }
}
