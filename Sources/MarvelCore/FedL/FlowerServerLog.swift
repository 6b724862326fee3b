import Foundation

/// Reads the log of a Flower 0.17 server (the seed's FedL component, flwr 0.17, Listings
/// 24–26) and turns it into training-metrics events, so the console follows a Flower run
/// like its own. Flower logs `LEVEL flower YYYY-MM-DD HH:MM:SS,mmm | file.py:N | message`;
/// the messages read are those of `flwr.server.app` and `flwr.server.server`:
///
///     Flower server running (insecure, N rounds)            → run.start (epochs = N rounds)
///     fit_round: strategy sampled S clients (out of A)      → a new round: sampled S of A
///     fit_round received R results and F failures           → the round's failures
///     fit_round: no clients selected, cancel                → a round with nobody asked
///     fit progress: (r, loss, {'accuracy': a, …}, seconds)  → round r's centralised loss, test error 1 − a
///     FL finished in X                                      → run.end completed
///     app_fit: losses_distributed [(r, loss), …]            → each round's federated loss (if none yet)
///     app_fit: metrics_centralized {'accuracy': [(r, a), …]} → each round's test error
///
/// Every change re-emits the round (the console keeps the newest version of a round).
public struct FlowerServerLog: Sendable {
    public let run: String
    private var rounds: Int?
    private var current: [Int: FedLRound] = [:]
    private var round = 0
    private var started = false

    public init(run: String) { self.run = run }

    /// The events one log line gives (none for other lines).
    public mutating func translate(_ line: String) -> [MetricEvent] {
        guard let (ts, message) = Self.split(line) else { return [] }
        if let n = Self.number(after: "Flower server running (", in: message, until: " rounds)").flatMap(Self.lastInt) {
            rounds = n
            started = true
            return [.runStart(RunStart(run: run, ts: ts, model: "flower", dataset: "", mode: "flower", epochs: n,
                                       extra: ["server": "flwr 0.17"]))]
        }
        if message.hasPrefix("fit_round: strategy sampled ") {
            let words = message.split(separator: " ")
            round += 1
            var r = FedLRound(run: run, ts: ts, round: round, rounds: rounds ?? round, clients: [], globalModel: FedLGlobal(params: 0),
                              strategy: "flower")
            r.sampled = words.count > 3 ? Int(words[3]) : nil
            r.available = words.last.flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ")"))) }
            return update(r)
        }
        if message.hasPrefix("fit_round: no clients selected") {
            round += 1
            return update(FedLRound(run: run, ts: ts, round: round, rounds: rounds ?? round, clients: [],
                                    globalModel: FedLGlobal(params: 0), sampled: 0, failures: 0, strategy: "flower"))
        }
        if message.hasPrefix("fit_round received "), var r = current[round] {
            let words = message.split(separator: " ")
            if words.count >= 6, let failures = Int(words[5]) { r.failures = failures }
            r.ts = ts
            return update(r)
        }
        if message.hasPrefix("fit progress: ("), let (n, loss, accuracy) = Self.progress(message) {
            var r = current[n] ?? FedLRound(run: run, ts: ts, round: n, rounds: rounds ?? n, clients: [], globalModel: FedLGlobal(params: 0),
                                            strategy: "flower")
            r.globalModel.loss = loss
            if let accuracy { r.global.test = 1 - accuracy }
            r.ts = ts
            return update(r)
        }
        if message.hasPrefix("FL finished in ") {
            let seconds = Double(message.dropFirst("FL finished in ".count).trimmingCharacters(in: .whitespaces))
            var summary: JSONObject = ["rounds_done": .int(round)]
            if let seconds { summary["seconds"] = .double(seconds) }
            return [.runEnd(RunEnd(run: run, ts: ts, status: RunEnd.completed, summary: summary))]
        }
        if message.hasPrefix("app_fit: losses_distributed ") {
            var events: [MetricEvent] = []
            for (n, loss) in Self.pairs(message) {
                guard var r = current[Int(n)], r.globalModel.loss == nil else { continue }
                r.globalModel.loss = loss
                events += update(r)
            }
            return events
        }
        if message.hasPrefix("app_fit: metrics_centralized "), let list = message.range(of: "'accuracy': [") {
            var events: [MetricEvent] = []
            for (n, accuracy) in Self.pairs(String(message[list.upperBound...])) {
                guard var r = current[Int(n)] else { continue }
                r.global.test = 1 - accuracy
                events += update(r)
            }
            return events
        }
        return []
    }

    private mutating func update(_ r: FedLRound) -> [MetricEvent] {
        current[r.round] = r
        var events: [MetricEvent] = []
        if !started {
            started = true
            events.append(.runStart(RunStart(run: run, ts: r.ts, model: "flower", dataset: "", mode: "flower",
                                             extra: ["server": "flwr 0.17"])))
        }
        return events + [.fedlRound(r)]
    }

    /// The time and message of a Flower log line, nil for other lines.
    static func split(_ line: String) -> (Date, String)? {
        let parts = line.components(separatedBy: " | ")
        guard parts.count >= 3 else { return nil }
        let head = parts[0].split(separator: " ", maxSplits: 2)
        guard head.count == 3, head[1] == "flower" else { return nil }
        let message = parts[2...].joined(separator: " | ").trimmingCharacters(in: .whitespacesAndNewlines)
        return (time(String(head[2])) ?? Date(), message)
    }

    /// "2022-06-30 10:00:01,250" (Python's asctime) as UTC.
    static func time(_ text: String) -> Date? {
        let iso = text.replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: ",", with: ".") + "Z"
        return MetricTime.parse(iso)
    }

    static func number(after prefix: String, in message: String, until suffix: String) -> String? {
        guard message.hasPrefix(prefix), message.hasSuffix(suffix) else { return nil }
        return String(message.dropFirst(prefix.count).dropLast(suffix.count))
    }

    static func lastInt(_ text: String) -> Int? {
        text.split(whereSeparator: { !$0.isNumber }).last.flatMap { Int($0) }
    }

    /// (round, loss, accuracy) of "fit progress: (3, 0.41, {'accuracy': 0.86}, 12.5)".
    static func progress(_ message: String) -> (Int, Double?, Double?)? {
        let body = message.dropFirst("fit progress: (".count)
        let fields = body.split(separator: ",", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count >= 2, let n = Int(fields[0]) else { return nil }
        var accuracy: Double?
        if fields.count == 3, let key = fields[2].range(of: "'accuracy': ") {
            accuracy = Double(fields[2][key.upperBound...].prefix { $0.isNumber || $0 == "." || $0 == "e" || $0 == "-" })
        }
        return (n, Double(fields[1]), accuracy)
    }

    /// The "(int, number)" pairs of a Python list repr, in order, up to the first "]".
    static func pairs(_ text: String) -> [(Double, Double)] {
        let list = text.prefix { $0 != "]" }
        var out: [(Double, Double)] = []
        for chunk in list.split(separator: "(").dropFirst() {
            let inner = chunk.prefix { $0 != ")" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if inner.count == 2, let a = Double(inner[0]), let b = Double(inner[1]) { out.append((a, b)) }
        }
        return out
    }
}
