import Foundation
import Testing

/// One row of the kubectl conformance table: a kubectl invocation and its
/// expected outcome — exit status, text on stdout/stderr, table rows (lines
/// whose columns hold the given values in order), text that must not show —
/// optionally after waiting for a condition of the cluster, and with a
/// check of its own.
struct KubectlCase: CustomStringConvertible {
    enum Exit {
        case success
        case failure
        case code(Int32)
    }

    var args: [String]
    var exit: Exit = .success
    var stdout: [String] = []
    var stderr: [String] = []
    var rows: [[String]] = []
    var absent: [String] = []
    var environment: [String: String] = [:]
    /// What must hold in the cluster before kubectl runs (waited for with a deadline).
    var before: ((KubectlSession) -> Bool)?
    /// A further check of the run.
    var check: ((KubectlRunner.Run, KubectlSession) throws -> Void)?

    init(
        _ args: String..., exit: Exit = .success, stdout: [String] = [], stderr: [String] = [], rows: [[String]] = [],
        absent: [String] = [], environment: [String: String] = [:], before: ((KubectlSession) -> Bool)? = nil,
        check: ((KubectlRunner.Run, KubectlSession) throws -> Void)? = nil
    ) {
        self.args = args
        self.exit = exit
        self.stdout = stdout
        self.stderr = stderr
        self.rows = rows
        self.absent = absent
        self.environment = environment
        self.before = before
        self.check = check
    }

    var description: String { "kubectl " + args.joined(separator: " ") }

    /// Whether some line of `text` has, among its whitespace-separated columns, `values` in this order
    /// (a value ending in `*` matches a column starting with the rest).
    static func hasRow(_ values: [String], in text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)[...]
            for value in values {
                guard let i = fields.firstIndex(where: { $0 == value || (value.hasSuffix("*") && $0.hasPrefix(value.dropLast())) })
                else { return false }
                fields = fields[(i + 1)...]
            }
            return true
        }
    }

    /// Runs the case in `session` and records every expectation that fails.
    func run(in session: KubectlSession, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if let before {
            #expect(session.waitFor { before(session) }, "\(self): the cluster never got ready for it", sourceLocation: sourceLocation)
        }
        let run = try session.kubectl(args, environment: environment)
        let shown = "\(self)\nexit \(run.status)\nstdout:\n\(run.stdout)\nstderr:\n\(run.stderr)"
        switch exit {
        case .success: #expect(run.status == 0, "\(shown)", sourceLocation: sourceLocation)
        case .failure: #expect(run.status != 0, "\(shown)", sourceLocation: sourceLocation)
        case .code(let n): #expect(run.status == n, "\(shown)", sourceLocation: sourceLocation)
        }
        for text in stdout { #expect(run.stdout.contains(text), "missing \(text.debugDescription) in \(shown)", sourceLocation: sourceLocation) }
        for text in stderr { #expect(run.stderr.contains(text), "missing \(text.debugDescription) in \(shown)", sourceLocation: sourceLocation) }
        for row in rows { #expect(Self.hasRow(row, in: run.stdout), "no row \(row) in \(shown)", sourceLocation: sourceLocation) }
        for text in absent {
            #expect(!(run.stdout + run.stderr).contains(text), "unexpected \(text.debugDescription) in \(shown)", sourceLocation: sourceLocation)
        }
        try check?(run, session)
    }
}

extension Array where Element == KubectlCase {
    /// Runs the cases in order in `session`.
    func run(in session: KubectlSession, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for c in self { try c.run(in: session, sourceLocation: sourceLocation) }
    }
}
