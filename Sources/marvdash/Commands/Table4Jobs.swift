import Foundation
import MarvelCore
import Synchronization

/// Runs Table 4's runs on `jobs` threads at once (in their order, each taking the next
/// one free), and returns each run's measurement or error in that same order.
struct Table4Jobs: Sendable {
    let runners: [Table4Runner]
    let jobs: Int

    /// `finished` hears of each completed run (on the calling thread, in completion order)
    /// with the number finished so far.
    func run(finished: (Int, Table4Runner, Table4Measurement) -> Void) -> [Result<Table4Measurement, any Error>] {
        let state = Mutex(State(results: Array(repeating: nil, count: runners.count)))
        let changed = DispatchSemaphore(value: 0)
        let runners = self.runners
        let workers = max(1, min(jobs, runners.count))
        for w in 0..<workers {
            let thread = Thread {
                while true {
                    let next = state.withLock { s -> Int? in
                        guard s.next < runners.count, !s.failed else { return nil }
                        defer { s.next += 1 }
                        return s.next
                    }
                    guard let i = next else { break }
                    let result = Result { try runners[i].run() }
                    state.withLock { s in
                        s.results[i] = result
                        s.order.append(i)
                        if case .failure = result { s.failed = true }
                    }
                    changed.signal()
                }
                state.withLock { $0.workersDone += 1 }
                changed.signal()
            }
            thread.name = "table4-\(w)"
            thread.stackSize = 4 << 20
            thread.start()
        }
        var reported = 0
        while true {
            changed.wait()
            let (order, done) = state.withLock { ($0.order, $0.workersDone == workers) }
            while reported < order.count {
                let i = order[reported]
                reported += 1
                if case .success(let m)? = state.withLock({ $0.results[i] }) { finished(reported, runners[i], m) }
            }
            if done { break }
        }
        let results = state.withLock { $0.results }
        let failure = results.compactMap { r -> (any Error)? in
            if case .failure(let e)? = r { return e }
            return nil
        }.first
        return results.map { $0 ?? .failure(failure ?? CommandFailure("table4: a run did not start because another failed")) }
    }

    private struct State {
        var results: [Result<Table4Measurement, any Error>?]
        var next = 0
        var order: [Int] = []
        var failed = false
        var workersDone = 0
    }
}
