import Foundation
import MarvelCore

/// Pulling a pod's images before its containers start, as a kubelet does:
/// an image on a private registry without a matching pull Secret leaves the
/// pod Pending with the container waiting in `ErrImagePull`, then
/// `ImagePullBackOff`, and the events a kubelet writes:
///
/// ```
/// Normal   Pulling  Pulling image "registry.marvel-platform.eu/tad:0"
/// Warning  Failed   Failed to pull image "registry.marvel-platform.eu/tad:0": failed to pull and unpack image … pull access denied …
/// Warning  Failed   Error: ErrImagePull
/// Normal   BackOff  Back-off pulling image "registry.marvel-platform.eu/tad:0"
/// Warning  Failed   Error: ImagePullBackOff
/// ```
extension PodLifecycle {
    /// Whether the pod's containers wait on a failed pull.
    static func isPullFailing(_ pod: JSONValue) -> Bool {
        (pod.at("status", "containerStatuses")?.arrayValue ?? []).contains {
            let reason = $0.at("state", "waiting", "reason")?.stringValue
            return reason == "ErrImagePull" || reason == "ImagePullBackOff"
        }
    }

    /// One pull step for a pod whose containers are being created: true when its images are
    /// there (the caller starts it), false while a pull fails or backs off.
    func pullImages(_ pod: JSONValue, backoff: inout [String: ImagePullBackoff]) -> Bool {
        let check = ImagePullCheck(registries: privateRegistries, store: store)
        let uid = pod.objectUID
        let previous = backoff[uid]
        if let previous, store.now < previous.retryAt {
            if !previous.reportedBackOff, let image = Self.waitingImage(pod) {
                let message = "Back-off pulling image \"\(image)\""
                modify(pod) { Self.markWaiting(&$0, image: image, reason: "ImagePullBackOff", message: message) }
                events.record(about: pod, kind: "Pod", reason: "BackOff", message: message, component: "kubelet")
                events.record(about: pod, kind: "Pod", type: "Warning", reason: "Failed", message: "Error: ImagePullBackOff", component: "kubelet")
                backoff[uid]?.reportedBackOff = true
            }
            return false
        }
        let missing = check.missingSecrets(of: pod)
        if !missing.isEmpty {
            events.record(
                about: pod, kind: "Pod", type: "Warning", reason: "FailedToRetrieveImagePullSecret",
                message: "Unable to retrieve some image pull secrets (\(missing.joined(separator: ", "))); attempting to pull the image may not succeed.",
                component: "kubelet")
        }
        guard let denial = check.denial(for: pod) else {
            backoff[uid] = nil
            return true
        }
        events.record(about: pod, kind: "Pod", reason: "Pulling", message: "Pulling image \"\(denial.image)\"", component: "kubelet")
        events.record(
            about: pod, kind: "Pod", type: "Warning", reason: "Failed", message: "Failed to pull image \"\(denial.image)\": \(denial.error)",
            component: "kubelet")
        events.record(about: pod, kind: "Pod", type: "Warning", reason: "Failed", message: "Error: ErrImagePull", component: "kubelet")
        modify(pod) { Self.markWaiting(&$0, image: denial.image, reason: "ErrImagePull", message: denial.error) }
        backoff[uid] = ImagePullBackoff.failed(after: previous, at: store.now)
        return false
    }

    /// The image of the first container waiting on a pull.
    static func waitingImage(_ pod: JSONValue) -> String? {
        (pod.at("status", "containerStatuses")?.arrayValue ?? []).first {
            ["ErrImagePull", "ImagePullBackOff"].contains($0.at("state", "waiting", "reason")?.stringValue ?? "")
        }?["image"]?.stringValue
    }

    /// The containers running `image` wait with `reason` and `message`; the others keep waiting to be created.
    static func markWaiting(_ pod: inout JSONValue, image: String, reason: String, message: String) {
        let statuses = pod.at("status", "containerStatuses")?.arrayValue ?? []
        pod["status"]?["containerStatuses"] = .array(
            statuses.map { s in
                var s = s
                if s["image"]?.stringValue == image {
                    s["state"] = ["waiting": ["reason": .string(reason), "message": .string(message)]]
                }
                return s
            })
    }
}
