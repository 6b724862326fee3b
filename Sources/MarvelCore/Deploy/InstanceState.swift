/// Where an instance's latest action stands, in Helm 3's words. The record is
/// written with a `pending-…` state before any object is touched and with the
/// final state after the last one, so an action that was interrupted (a
/// killed process, a lost connection) stays visible until it is finished or
/// cleaned up.
public enum InstanceState: String, Sendable, Hashable, CaseIterable {
    /// A deploy started and has not finished.
    case pendingInstall = "pending-install"
    /// An upgrade started and has not finished; the record knows the old and the new revision.
    case pendingUpgrade = "pending-upgrade"
    /// A rollback started and has not finished.
    case pendingRollback = "pending-rollback"
    /// A delete started and has not finished.
    case pendingDelete = "pending-delete"
    /// The revision is applied and current.
    case deployed
    /// Applying the revision failed part-way; what was applied is listed by `services`.
    case failed
    /// An older revision, replaced by a later deployed one.
    case superseded
    /// Helm's name for a delete in progress; read as `pending-delete`, never written.
    case uninstalling
    /// Objects carry the instance's label but there is no record at all (an older marvdash
    /// wrote the record last and was interrupted). Never stored; `delete` cleans it up.
    case orphaned

    /// True while an action is unfinished (`pending-…`, `uninstalling`).
    public var isPending: Bool {
        switch self {
        case .pendingInstall, .pendingUpgrade, .pendingRollback, .pendingDelete, .uninstalling: return true
        default: return false
        }
    }

    /// True when the instance needs attention: an unfinished action, a failure or a missing record.
    public var needsAttention: Bool { isPending || self == .failed || self == .orphaned }

    /// A state read from a record; unknown words (a newer marvdash) count as failed so they show.
    public init(recorded text: String) {
        self = InstanceState(rawValue: text) ?? .failed
        if self == .uninstalling { self = .pendingDelete }
    }
}
