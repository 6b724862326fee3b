import Foundation
import MarvelCore
import Synchronization

/// Runs the embedded cluster's DynHP training pods for real: the pod lifecycle asks it
/// to `advance` each Running training pod (starting its trainer, or queueing it while
/// `scale.maxConcurrent` trainers run), and ends the pod by the status it reports. Each
/// pod's metrics lines are its log. Trainers of deleted pods stop (`retain`), and every
/// trainer stops with the cluster (`stopAll`). Federated DynHP pods (`marvdash fedl server|client`)
/// start at once, outside the limit: a server waits for its clients, and clients waiting in
/// a queue behind it would never come.
public final class SimTrainingSupervisor: Sendable {
    public let scale: SimTrainingScale

    private struct Entry {
        var pod: String
        var command: SimTrainingCommand
        /// Set for federated pods (then `command` is unused).
        var federated: SimFedLRun? = nil
        var status: SimTrainingStatus
        let log: TrainerLog
        let stop: StopSignal
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Logs by pod uid, made as soon as a reader asks (a trainer may start a tick later).
        var logs: [String: TrainerLog] = [:]
        var queue: [String] = []
        /// Trainer threads alive, including those of pods already forgotten.
        var threads = 0
        /// Of those, DynHP trainers (the ones `scale.maxConcurrent` limits).
        var limited = 0
        var finished: [DispatchSemaphore] = []
        var closed = false
    }

    private let state = Mutex(State())
    /// Where the in-process federated servers listen.
    let directory = SimFedLDirectory()

    public init(scale: SimTrainingScale = .demo) {
        self.scale = scale
    }

    /// The status of the training pod `pod`, starting or queueing its trainer the first
    /// time it is asked about. A command the sim cannot read fails the pod at once.
    public func advance(pod: JSONValue) -> SimTrainingStatus {
        let uid = pod.at("metadata", "uid")?.stringValue ?? ""
        let name = pod.at("metadata", "name")?.stringValue ?? ""
        if let known = status(podUID: uid) { return known }
        let log = state.withLock { s in
            if let log = s.logs[uid] { return log }
            let log = TrainerLog()
            s.logs[uid] = log
            return log
        }
        if SimFedLCommand.isFedLPod(pod) { return startFederated(pod: pod, uid: uid, name: name, log: log) }
        let entry: Entry
        do {
            entry = Entry(pod: name, command: try SimTrainingCommand(pod: pod), status: .queued, log: log, stop: StopSignal())
        } catch {
            return failUnreadable(uid: uid, name: name, log: log, error: error)
        }
        let added = state.withLock { s -> Bool in
            guard !s.closed, s.entries[uid] == nil else { return false }
            s.entries[uid] = entry
            s.queue.append(uid)
            return true
        }
        if added { startQueued() }
        return status(podUID: uid) ?? .queued
    }

    /// The status of a pod's trainer, or nil when the pod has none.
    public func status(podUID: String) -> SimTrainingStatus? {
        state.withLock { $0.entries[podUID]?.status }
    }

    /// The log of a pod's trainer, or nil when the pod has none (yet).
    public func log(podUID: String) -> TrainerLog? {
        state.withLock { $0.logs[podUID] }
    }

    /// The log of training pod `pod`, made empty now when its trainer has not started yet
    /// (the trainer then writes to it); nil for any other pod.
    public func log(forPod pod: JSONValue) -> TrainerLog? {
        guard Self.runsInProcess(pod) else { return nil }
        let uid = pod.at("metadata", "uid")?.stringValue ?? ""
        return state.withLock { s in
            if let log = s.logs[uid] { return log }
            guard !s.closed else { return nil }
            let log = TrainerLog()
            s.logs[uid] = log
            return log
        }
    }

    /// Trainer threads alive now (a stopped trainer's thread counts until it has returned).
    public var activeThreads: Int { state.withLock { $0.threads } }

    /// Forgets every pod not in `podUIDs` (they were deleted): queued ones never start,
    /// running ones are told to stop.
    public func retain(podUIDs: Set<String>) {
        let stops = state.withLock { s -> [StopSignal] in
            let gone = s.entries.keys.filter { !podUIDs.contains($0) }
            let stops = gone.compactMap { s.entries.removeValue(forKey: $0)?.stop }
            s.queue.removeAll { !podUIDs.contains($0) }
            for uid in s.logs.keys where !podUIDs.contains(uid) { s.logs[uid] = nil }
            return stops
        }
        for stop in stops { stop.request() }
        if !stops.isEmpty { startQueued() }
    }

    /// Stops every trainer, starts no more, and waits until their threads have returned.
    public func stopAll() {
        let (stops, waits) = state.withLock { s -> ([StopSignal], [DispatchSemaphore]) in
            s.closed = true
            s.queue.removeAll()
            return (s.entries.values.map(\.stop), s.finished)
        }
        for stop in stops { stop.request() }
        for done in waits { done.wait() }
    }

    /// Starts queued trainers while fewer than `scale.maxConcurrent` run.
    private func startQueued() {
        let runs = state.withLock { s -> [(String, SimTrainerRun, DispatchSemaphore)] in
            var runs: [(String, SimTrainerRun, DispatchSemaphore)] = []
            while !s.closed, s.limited < scale.maxConcurrent, !s.queue.isEmpty {
                // One BLAS thread per trainer; set only while none of ours is inside BLAS.
                if s.threads == 0 && BLASThreads.current != 1 { BLASThreads.set(1) }
                let uid = s.queue.removeFirst()
                guard var entry = s.entries[uid] else { continue }
                entry.status = .running
                s.entries[uid] = entry
                s.threads += 1
                s.limited += 1
                let done = DispatchSemaphore(value: 0)
                s.finished.append(done)
                runs.append((uid, SimTrainerRun(pod: entry.pod, command: entry.command, scale: scale, log: entry.log, stop: entry.stop), done))
            }
            return runs
        }
        for (uid, run, done) in runs {
            let thread = Thread { [self] in
                let status = run.run()
                run.log.end()
                state.withLock { s in
                    s.entries[uid]?.status = status
                    s.threads -= 1
                    s.limited -= 1
                    s.finished.removeAll { $0 === done }
                }
                done.signal()
                startQueued()
            }
            thread.name = "marvdash-trainer-\(run.pod)"
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    /// Whether the embedded cluster runs `pod`'s command in-process (DynHP or federated DynHP).
    public static func runsInProcess(_ pod: JSONValue) -> Bool {
        SimTrainingCommand.isTrainingPod(pod) || SimFedLCommand.isFedLPod(pod)
    }

    /// Starts a federated pod's run on its own thread right away (no queue, no limit).
    private func startFederated(pod: JSONValue, uid: String, name: String, log: TrainerLog) -> SimTrainingStatus {
        let command: SimFedLCommand
        do {
            command = try SimFedLCommand(pod: pod)
        } catch {
            return failUnreadable(uid: uid, name: name, log: log, error: error)
        }
        let run = SimFedLRun(
            pod: name, namespace: pod.at("metadata", "namespace")?.stringValue ?? "default",
            app: pod.at("metadata", "labels", "app")?.stringValue ?? name, command: command, scale: scale,
            directory: directory, log: log, stop: StopSignal())
        let done = DispatchSemaphore(value: 0)
        let started = state.withLock { s -> Bool in
            guard !s.closed, s.entries[uid] == nil else { return false }
            if s.threads == 0 && BLASThreads.current != 1 { BLASThreads.set(1) }
            s.entries[uid] = Entry(pod: name, command: SimTrainingCommand(), federated: run, status: .running, log: log, stop: run.stop)
            s.threads += 1
            s.finished.append(done)
            return true
        }
        guard started else { return status(podUID: uid) ?? .queued }
        let thread = Thread { [self] in
            let status = run.run()
            run.log.end()
            state.withLock { s in
                s.entries[uid]?.status = status
                s.threads -= 1
                s.finished.removeAll { $0 === done }
            }
            done.signal()
        }
        thread.name = "marvdash-fedl-\(name)"
        thread.stackSize = 4 << 20
        thread.start()
        return .running
    }

    /// Fails a pod whose command the sim cannot read: the reason in its log, exit code 2.
    private func failUnreadable(uid: String, name: String, log: TrainerLog, error: SimTrainingError) -> SimTrainingStatus {
        log.append("marvdash: \(error)")
        log.end()
        let failed = SimTrainingStatus.failed(reason: error.description, exitCode: 2)
        state.withLock { $0.entries[uid] = Entry(pod: name, command: SimTrainingCommand(), status: failed, log: log, stop: StopSignal()) }
        return failed
    }
}
