import Foundation
import MarvelCore

/// The STATUS word of an instance and its style: Running, Progressing,
/// Pending (with the scheduler's reason, shortened), Failed, Completed.
public enum ServiceStatusText {
    /// Pod statuses that are on the way to running, not failures.
    static let transitional: Set<String> = ["Pending", "ContainerCreating", "PodInitializing", "Terminating", "Running", "Completed", "Succeeded"]

    /// The cell text and role for an instance: its state first when an action is unfinished
    /// or failed ("pending-install: 3/5 objects"), else what its pods say.
    public static func of(_ status: InstanceStatus) -> (text: String, role: StyleRole) {
        let instance = status.instance
        switch instance.state {
        case .orphaned:
            let n = status.objects.count
            return ("no record: \(n) object\(n == 1 ? "" : "s") left", .statusError)
        case let state where state.needsAttention:
            return ("\(state.rawValue): \(status.objectsText) objects", role(of: state))
        default:
            break
        }
        let pods = status.pods
        if let reason = pods.lazy.compactMap(\.pendingReason).first {
            return ("Pending: " + shortReason(reason), .statusWarn)
        }
        if let failing = pods.first(where: { $0.phase == "Failed" || !isTransitional($0.status) }) {
            return ("Failed: \(failing.status)", .statusError)
        }
        if pods.contains(where: { $0.phase == "Pending" && $0.node.isEmpty }) { return ("Pending", .statusPending) }
        if pods.isEmpty { return status.desired == 0 ? ("No pods", .dim) : ("Progressing", .statusPending) }
        if pods.allSatisfy({ $0.phase == "Succeeded" }) { return ("Completed", .statusOK) }
        return status.ready >= status.desired ? ("Running", .statusOK) : ("Progressing", .statusPending)
    }

    /// The style of an instance state: pending states wait, failed and orphaned ones are errors.
    public static func role(of state: InstanceState) -> StyleRole {
        state.isPending ? .statusPending : (state.needsAttention ? .statusError : .statusOK)
    }

    /// What to do about an instance whose action is unfinished or failed (console keys).
    public static func advice(for instance: Instance) -> String {
        switch instance.state {
        case .pendingInstall: return "an earlier deploy was interrupted: Ctrl-D deletes it, u finishes it as an upgrade"
        case .pendingUpgrade, .pendingRollback: return "an earlier \(instance.state == .pendingUpgrade ? "upgrade" : "rollback") was interrupted: u finishes it, R rolls back"
        case .pendingDelete, .uninstalling: return "an earlier delete was interrupted: Ctrl-D finishes it"
        case .failed: return instance.deployedRevision == nil ? "u retries, Ctrl-D deletes" : "u retries, R rolls back, Ctrl-D deletes"
        case .orphaned: return "objects labelled with the instance but no record: Ctrl-D deletes them"
        default: return ""
        }
    }

    static func isTransitional(_ podStatus: String) -> Bool {
        transitional.contains(podStatus) || (podStatus.hasPrefix("Init:") && !podStatus.contains("Error") && !podStatus.contains("BackOff"))
    }

    /// The scheduler's message cut to its main cause:
    /// "0/11 nodes are available: 3 Insufficient cpu, 8 Insufficient nvidia.com/gpu." →
    /// "0/11 nodes: Insufficient nvidia.com/gpu" (the reason with the largest count).
    /// Messages of another shape keep their first sentence.
    public static func shortReason(_ message: String) -> String {
        let marker = " nodes are available:"
        guard let range = message.range(of: marker) else { return firstSentence(message) }
        let head = String(message[..<range.lowerBound])
        let list = firstSentence(String(message[range.upperBound...]))
        var best: (count: Int, reason: String)?
        for part in list.split(separator: ",") {
            let words = part.trimmingCharacters(in: .whitespaces)
            guard let space = words.firstIndex(of: " "), let count = Int(words[..<space]) else { continue }
            let reason = String(words[words.index(after: space)...])
            if best == nil || count > (best?.count ?? 0) { best = (count, reason) }
        }
        guard let best else { return "\(head) nodes available" }
        return "\(head) nodes: \(best.reason)"
    }

    /// Text up to the first ". " (or a trailing "."), trimmed.
    static func firstSentence(_ text: String) -> String {
        var s = text.trimmingCharacters(in: .whitespaces)
        if let end = s.range(of: ". ") { s = String(s[..<end.lowerBound]) }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
