/// Why a deploy, upgrade, rollback, delete, status or logs action failed: one line each,
/// naming the instance or object and what to do.
public enum DeployError: Error, Sendable, CustomStringConvertible {
    /// An instance record `marvdash-NAME` already exists.
    case nameTaken(name: String, namespace: String, template: String)
    /// A rendered object exists and belongs to something else.
    case objectTaken(object: String, name: String, namespace: String, owner: String?)
    /// A singleton template already has an instance.
    case singleton(template: String, existing: String, namespace: String)
    /// No record (and no labelled object) for this name.
    case notFound(name: String, namespace: String)
    /// The instance was deployed by MARVdash/Karvdash; marvdash lists it read-only.
    case readOnly(name: String, namespace: String)
    /// The kind is served by no API group of the cluster.
    case unknownKind(kind: String, apiVersion: String)
    /// A rendered object has no kind/apiVersion/metadata.name.
    case badObject(index: Int, problem: String)
    /// An apply failed part-way: which object, the API's message, what was applied and what was undone.
    case applyFailed(object: String, message: String, applied: [String], undone: [String])
    /// The record is damaged (a field missing or not parseable).
    case badRecord(name: String, namespace: String, field: String)
    /// The asked revision is not kept.
    case noRevision(name: String, revision: Int, kept: [Int])
    /// A pod asked for with --pod is not part of the instance.
    case noPod(name: String, pod: String, pods: [String])
    /// The record holds no template source and none was given.
    case noTemplate(name: String, template: String)
    /// The instance's latest action is unfinished (pending-…) or failed: what to run instead.
    case unfinished(name: String, namespace: String, state: InstanceState, revision: Int, age: Double?, hasDeployed: Bool)
    /// Writing the record failed before anything was applied.
    case recordWrite(name: String, namespace: String, message: String)
    /// Every object was applied (and pruned) but the record's final state could not be written.
    case finalState(name: String, namespace: String, state: InstanceState, message: String)
    /// A container asked for with --container is in none of the pods.
    case noContainer(name: String, container: String, containers: [String])
    /// Reading a pod's log failed.
    case logs(url: String, HTTPError)
    /// Any API failure, with the Status message.
    case api(action: String, KubeError)
    /// The registry login for an image pull Secret could not be read (the file and field named).
    case pullCredentials(String)
    /// The basic-auth user or password given cannot be used (why, and what to give instead).
    case basicAuth(String)

    public var description: String {
        switch self {
        case .nameTaken(let name, let ns, let template):
            return "an instance named \(name) already exists in namespace \(ns) (template \(template)); choose another --name, or use `marvdash upgrade \(name)`"
        case .objectTaken(let object, let name, let ns, let owner):
            let by = owner.map { "instance \($0)" } ?? "something other than marvdash"
            return "\(object) already exists in namespace \(ns) and belongs to \(by); choose another --name than \(name)"
        case .singleton(let template, let existing, let ns):
            return "template \(template) is a singleton and instance \(existing) already runs in namespace \(ns); delete it first or upgrade it"
        case .notFound(let name, let ns):
            return "no instance named \(name) in namespace \(ns) (see `marvdash services`)"
        case .readOnly(let name, let ns):
            return "instance \(name) in namespace \(ns) was deployed by MARVdash/Karvdash and is read-only here; manage it with Karvdash"
        case .unknownKind(let kind, let apiVersion):
            return "kind \(kind) (apiVersion \(apiVersion)) is not served by this cluster; check the template's apiVersion"
        case .badObject(let index, let problem):
            return "rendered document \(index + 1): \(problem)"
        case .applyFailed(let object, let message, let applied, let undone):
            var line = "applying \(object) failed: \(message)"
            let kept = applied.filter { !undone.contains($0) }
            if !undone.isEmpty { line += "; removed again what this deploy created: \(undone.joined(separator: ", "))" }
            if !kept.isEmpty { line += "; left applied (existed before): \(kept.joined(separator: ", "))" }
            if applied.isEmpty { line += "; nothing was changed" }
            return line
        case .badRecord(let name, let ns, let field):
            return "the record marvdash-\(name) in namespace \(ns) is damaged (field \(field)); delete the instance and deploy it again"
        case .noRevision(let name, let revision, let kept):
            return "instance \(name) keeps no revision \(revision) (kept: \(kept.map(String.init).joined(separator: ", ")))"
        case .noPod(let name, let pod, let pods):
            return "pod \(pod) is not part of instance \(name) (its pods: \(pods.isEmpty ? "none" : pods.joined(separator: ", ")))"
        case .noTemplate(let name, let template):
            return "the record of \(name) holds no template source; make template \(template) available (--templates DIR) and retry"
        case .unfinished(let name, let ns, let state, let revision, let age, let hasDeployed):
            let since = age.map { " since \(ElapsedText.of($0))" } ?? ""
            let n = ns == "default" ? "" : " -n \(ns)"
            switch state {
            case .pendingInstall:
                return "instance '\(name)' is pending-install\(since) (an earlier deploy was interrupted): run 'marvdash delete \(name)\(n)' or 'marvdash upgrade \(name)\(n)'"
            case .pendingUpgrade, .pendingRollback:
                let action = state == .pendingUpgrade ? "upgrade" : "rollback"
                return "instance '\(name)' is \(state.rawValue)\(since) (an earlier \(action) to revision \(revision) was interrupted): run 'marvdash upgrade \(name)\(n)' to finish it or 'marvdash rollback \(name)\(n)'"
            case .pendingDelete, .uninstalling:
                return "instance '\(name)' is pending-delete\(since) (an earlier delete was interrupted): run 'marvdash delete \(name)\(n)' to finish it"
            default:
                let back = hasDeployed ? ", 'marvdash rollback \(name)\(n)'" : ""
                return "instance '\(name)' is \(state.rawValue) at revision \(revision)\(since): run 'marvdash upgrade \(name)\(n)' to retry\(back) or 'marvdash delete \(name)\(n)'"
            }
        case .recordWrite(let name, let ns, let message):
            return "writing the record Secret/\(InstanceRecord.objectName(name)) in namespace \(ns) failed: \(message); nothing was changed"
        case .finalState(let name, let ns, let state, let message):
            let n = ns == "default" ? "" : " -n \(ns)"
            return "every object of \(name) was applied, but its record could not be updated (\(message)); it still says \(state.rawValue): run 'marvdash upgrade \(name)\(n)' to finish"
        case .noContainer(let name, let container, let containers):
            return "no pod of instance \(name) has a container \(container) (its containers: \(containers.isEmpty ? "none" : containers.joined(separator: ", ")))"
        case .logs(let url, let error):
            return "reading logs from \(SecretRedaction.url(url)) failed: \(error)"
        case .api(let action, let error):
            return "\(action): \(error)"
        case .pullCredentials(let problem):
            return "image pull credentials: \(problem); nothing was changed"
        case .basicAuth(let problem):
            return "basic auth: \(problem); nothing was changed"
        }
    }
}
