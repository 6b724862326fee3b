import Foundation
import Testing

@testable import MarvelCore

/// Realistic API objects, written inline.
enum KubeFixtures {
    static let nodeJSON = #"""
        {
          "kind": "Node", "apiVersion": "v1",
          "metadata": {
            "name": "grn-edge-1", "uid": "4b7c-11", "creationTimestamp": "2024-05-01T10:00:00Z",
            "labels": {"kubernetes.io/arch": "arm64", "marvdash.io/site": "GRN", "Layer": "GRNEDGE1"},
            "annotations": {"node.alpha.kubernetes.io/ttl": "0"}
          },
          "spec": {
            "podCIDR": "10.244.3.0/24",
            "taints": [{"key": "Layer", "value": "GRNEDGE1", "effect": "NoSchedule"},
                       {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": "2024-05-02T00:00:00Z"}],
            "unschedulable": true
          },
          "status": {
            "capacity": {"cpu": "4", "memory": "8026636Ki", "pods": "110", "ephemeral-storage": "61255492Ki"},
            "allocatable": {"cpu": "3800m", "memory": "7924236Ki", "pods": "110", "nvidia.com/gpu": "1"},
            "conditions": [
              {"type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory", "message": "ok",
               "lastHeartbeatTime": "2024-05-03T10:00:00Z", "lastTransitionTime": "2024-05-01T10:00:10Z"},
              {"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status",
               "lastTransitionTime": "2024-05-01T10:00:30.250Z"}
            ],
            "addresses": [{"type": "InternalIP", "address": "10.0.3.11"}, {"type": "Hostname", "address": "grn-edge-1"}],
            "nodeInfo": {"architecture": "arm64", "operatingSystem": "linux", "kubeletVersion": "v1.30.2",
                         "osImage": "Ubuntu 22.04.4 LTS", "containerRuntimeVersion": "containerd://1.7.2"}
          }
        }
        """#

    static func pod(_ fields: String) -> String {
        """
        {"kind": "Pod", "apiVersion": "v1", \(fields)}
        """
    }

    static let runningPodJSON = #"""
        {
          "kind": "Pod", "apiVersion": "v1",
          "metadata": {
            "name": "web-5d9c7-abcde", "namespace": "marvel", "uid": "u-1", "labels": {"app": "web"},
            "creationTimestamp": "2024-05-02T08:30:00Z",
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d9c7", "uid": "rs1", "controller": true}]
          },
          "spec": {
            "nodeName": "grn-edge-1",
            "containers": [
              {"name": "web", "image": "nginx:1.25", "resources": {"requests": {"cpu": "250m", "memory": "128Mi"}, "limits": {"cpu": "1", "memory": "256Mi"}}},
              {"name": "sidecar", "image": "busybox", "resources": {"requests": {"cpu": "50m"}}}
            ]
          },
          "status": {
            "phase": "Running", "podIP": "10.244.3.7", "hostIP": "10.0.3.11",
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [
              {"name": "web", "ready": true, "restartCount": 2, "state": {"running": {"startedAt": "2024-05-02T08:31:00Z"}}},
              {"name": "sidecar", "ready": true, "restartCount": 1, "state": {"running": {"startedAt": "2024-05-02T08:31:00Z"}}}
            ]
          }
        }
        """#
}

@Suite struct KubeNodeDecodingTests {
    @Test func decodesEveryField() throws {
        let node = try Node(json: try JSONValue.parse(KubeFixtures.nodeJSON))
        #expect(node.name == "grn-edge-1")
        #expect(node.uid == "4b7c-11")
        #expect(node.labels["Layer"] == "GRNEDGE1")
        #expect(node.annotations["node.alpha.kubernetes.io/ttl"] == "0")
        #expect(node.creationTimestamp == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(node.taints.map(\.description) == ["Layer=GRNEDGE1:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"])
        #expect(node.unschedulable)
        #expect(node.capacity["cpu"]?.milliValue == 4000)
        #expect(node.allocatable["cpu"]?.milliValue == 3800)
        #expect(node.allocatable["memory"]?.value == Int64(7_924_236 * 1024))
        #expect(node.allocatable["nvidia.com/gpu"]?.value == 1)
        #expect(node.conditions.count == 2)
        let ready = try #require(node.conditions.last)
        #expect(ready.type == "Ready" && ready.reason == "KubeletReady")
        #expect(ready.lastTransitionTime == Date(timeIntervalSince1970: 1_714_557_630.25))
        #expect(node.isReady)
        #expect(node.statusText == "Ready,SchedulingDisabled")
        #expect(node.arch == "arm64" && node.os == "linux" && node.kubeletVersion == "v1.30.2")
        #expect(node.internalIP == "10.0.3.11")
        #expect(node.addresses.count == 2)
    }

    @Test func toleratesMissingOptionalFields() throws {
        let node = try Node(json: ["metadata": ["name": "bare"]])
        #expect(node.name == "bare")
        #expect(node.labels.isEmpty && node.taints.isEmpty && node.conditions.isEmpty)
        #expect(!node.isReady)
        #expect(node.statusText == "NotReady")
        #expect(node.creationTimestamp == nil)
    }

    @Test func missingNameIsNamedInTheError() {
        do {
            _ = try Node(json: ["metadata": ["labels": [:]]])
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "metadata.name")
            #expect(error.description.contains("Node"))
            #expect(error.description.contains("metadata.name"))
        }
    }

    @Test func badQuantityNamesTheField() {
        do {
            _ = try Node(json: ["metadata": ["name": "n1"], "status": ["allocatable": ["cpu": "lots"]]])
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "status.allocatable.cpu")
            #expect(error.description.contains("\"n1\""))
        }
    }

    @Test func notReadyAndUnknownStatus() throws {
        let notReady = try Node(json: ["metadata": ["name": "a"], "status": ["conditions": [["type": "Ready", "status": "False"]]]])
        #expect(notReady.statusText == "NotReady")
        let unknown = try Node(json: ["metadata": ["name": "a"], "status": ["conditions": [["type": "Ready", "status": "Unknown"]]]])
        #expect(unknown.statusText == "Unknown")
    }
}

@Suite struct KubePodDecodingTests {
    @Test func effectiveRequestsFollowChangesToContainersAndOverhead() throws {
        let q = { (text: String) in try Quantity(parsing: text) }
        var pod = Pod(name: "p", containers: [Pod.Container(name: "a", requests: ["cpu": try q("100m")])])
        #expect(pod.effectiveRequests["cpu"]?.milliValue == 100)
        pod.containers.append(Pod.Container(name: "b", requests: ["cpu": try q("200m")]))
        #expect(pod.effectiveRequests["cpu"]?.milliValue == 300)
        pod.initContainers = [Pod.Container(name: "init", requests: ["cpu": try q("1")])]
        #expect(pod.effectiveRequests["cpu"]?.milliValue == 1000)
        pod.overhead = ["cpu": try q("50m")]
        #expect(pod.effectiveRequests["cpu"]?.milliValue == 1050)
    }

    @Test func decodesARunningPod() throws {
        let pod = try Pod(json: try JSONValue.parse(KubeFixtures.runningPodJSON))
        #expect(pod.name == "web-5d9c7-abcde" && pod.namespace == "marvel" && pod.uid == "u-1")
        #expect(pod.labels == ["app": "web"])
        #expect(pod.ownerKind == "ReplicaSet" && pod.ownerName == "web-5d9c7")
        #expect(pod.nodeName == "grn-edge-1")
        #expect(pod.phase == "Running" && pod.displayStatus == "Running")
        #expect(pod.readyText == "2/2")
        #expect(pod.restarts == 3)
        #expect(pod.containers.map(\.name) == ["web", "sidecar"])
        #expect(pod.containers[0].image == "nginx:1.25")
        #expect(pod.containers[0].limits["memory"]?.value == Int64(256 << 20))
        #expect(pod.effectiveRequests["cpu"]?.milliValue == 300)
        #expect(pod.effectiveRequests["memory"]?.value == Int64(128 << 20))
        #expect(pod.podIP == "10.244.3.7" && pod.hostIP == "10.0.3.11")
        #expect(pod.creationTimestamp != nil)
        #expect(!pod.isTerminated)
        #expect(pod.id == "marvel/web-5d9c7-abcde")
    }

    @Test func missingContainerNameIsAnError() {
        do {
            _ = try Pod(json: ["metadata": ["name": "p"], "spec": ["containers": [["image": "x"]]]])
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "spec.containers[0].name")
        }
    }

    @Test func effectiveRequestsTakeTheLargestInitContainer() throws {
        let json: JSONValue = [
            "metadata": ["name": "p", "namespace": "default"],
            "spec": [
                "initContainers": [
                    ["name": "migrate", "resources": ["requests": ["cpu": "2", "memory": "64Mi"]]],
                    ["name": "fetch", "resources": ["requests": ["cpu": "100m", "memory": "1Gi"]]],
                ],
                "containers": [
                    ["name": "a", "resources": ["requests": ["cpu": "500m", "memory": "256Mi"]]],
                    ["name": "b", "resources": ["requests": ["cpu": "500m", "memory": "256Mi", "nvidia.com/gpu": "1"]]],
                ],
                "overhead": ["cpu": "10m", "memory": "8Mi"],
            ],
        ]
        let req = try Pod(json: json).effectiveRequests
        // cpu: max(0.5+0.5, 2) + 0.01; memory: max(512Mi, 1Gi) + 8Mi
        #expect(req["cpu"]?.milliValue == 2010)
        #expect(req["memory"]?.value == Int64((1024 + 8) << 20))
        #expect(req["nvidia.com/gpu"]?.value == 1)
    }

    @Test func sidecarInitContainersAddUp() throws {
        let json: JSONValue = [
            "metadata": ["name": "p"],
            "spec": [
                "initContainers": [
                    ["name": "proxy", "restartPolicy": "Always", "resources": ["requests": ["cpu": "200m"]]],
                    ["name": "setup", "resources": ["requests": ["cpu": "1"]]],
                ],
                "containers": [["name": "app", "resources": ["requests": ["cpu": "300m"]]]],
            ],
        ]
        // app + sidecar = 500m; setup runs alongside the sidecar: 1200m.
        #expect(try Pod(json: json).effectiveRequests["cpu"]?.milliValue == 1200)
    }
}

@Suite struct KubePodStatusTests {
    private func status(_ statusJSON: String, spec: String = #"{"containers": [{"name": "c"}]}"#, meta: String = #"{"name": "p"}"#) throws -> Pod {
        try Pod(json: try JSONValue.parse(#"{"metadata": \#(meta), "spec": \#(spec), "status": \#(statusJSON)}"#))
    }

    @Test func pendingWithoutStatuses() throws {
        #expect(try status(#"{"phase": "Pending"}"#).displayStatus == "Pending")
        #expect(try status(#"{}"#).displayStatus == "Pending")
    }

    @Test func containerCreating() throws {
        let p = try status(#"{"phase": "Pending", "containerStatuses": [{"name": "c", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}"#)
        #expect(p.displayStatus == "ContainerCreating")
        #expect(p.readyText == "0/1")
    }

    @Test func crashLoopBackOffCountsRestarts() throws {
        let p = try status(#"{"phase": "Running", "containerStatuses": [{"name": "c", "ready": false, "restartCount": 7, "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off"}}}]}"#)
        #expect(p.displayStatus == "CrashLoopBackOff")
        #expect(p.restarts == 7)
    }

    @Test func completedJobPod() throws {
        let p = try status(#"{"phase": "Succeeded", "containerStatuses": [{"name": "c", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}"#)
        #expect(p.displayStatus == "Completed")
        #expect(p.isTerminated)
    }

    @Test func errorExitWithoutReasonShowsExitCodeOrSignal() throws {
        let exit = try status(#"{"phase": "Failed", "containerStatuses": [{"name": "c", "state": {"terminated": {"exitCode": 3}}}]}"#)
        #expect(exit.displayStatus == "ExitCode:3")
        let signal = try status(#"{"phase": "Failed", "containerStatuses": [{"name": "c", "state": {"terminated": {"exitCode": 137, "signal": 9}}}]}"#)
        #expect(signal.displayStatus == "Signal:9")
    }

    @Test func terminatingWinsOverEverything() throws {
        let p = try status(
            #"{"phase": "Running", "containerStatuses": [{"name": "c", "ready": true, "state": {"running": {}}}]}"#,
            meta: #"{"name": "p", "deletionTimestamp": "2024-05-02T09:00:00Z"}"#)
        #expect(p.displayStatus == "Terminating")
        #expect(p.deletionTimestamp != nil)
    }

    @Test func nodeLostWhileDeletingIsUnknown() throws {
        let p = try status(#"{"phase": "Running", "reason": "NodeLost"}"#, meta: #"{"name": "p", "deletionTimestamp": "2024-05-02T09:00:00Z"}"#)
        #expect(p.displayStatus == "Unknown")
    }

    @Test func evictedUsesThePodReason() throws {
        #expect(try status(#"{"phase": "Failed", "reason": "Evicted"}"#).displayStatus == "Evicted")
    }

    @Test func initContainerProgress() throws {
        let spec = #"{"initContainers": [{"name": "i1"}, {"name": "i2"}], "containers": [{"name": "c"}]}"#
        let running = try status(
            #"{"phase": "Pending", "initContainerStatuses": [{"name": "i1", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}, {"name": "i2", "state": {"running": {}}}]}"#,
            spec: spec)
        #expect(running.displayStatus == "Init:1/2")
        let failing = try status(
            #"{"phase": "Pending", "initContainerStatuses": [{"name": "i1", "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}"#,
            spec: spec)
        #expect(failing.displayStatus == "Init:CrashLoopBackOff")
        #expect(failing.restarts == 4)
        let failed = try status(
            #"{"phase": "Pending", "initContainerStatuses": [{"name": "i1", "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}"#,
            spec: spec)
        #expect(failed.displayStatus == "Init:Error")
    }

    @Test func completedContainerNextToARunningOneShowsRunningOrNotReady() throws {
        let spec = #"{"containers": [{"name": "a"}, {"name": "b"}]}"#
        let statuses = #""containerStatuses": [{"name": "a", "ready": true, "state": {"running": {}}}, {"name": "b", "ready": false, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]"#
        let ready = try status(#"{"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}], \#(statuses)}"#, spec: spec)
        #expect(ready.displayStatus == "Running")
        #expect(ready.readyText == "1/2")
        let notReady = try status(#"{"phase": "Running", \#(statuses)}"#, spec: spec)
        #expect(notReady.displayStatus == "NotReady")
    }
}

@Suite struct KubeTimestampTests {
    @Test func parsesRFC3339Forms() {
        #expect(Timestamp.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(Timestamp.parse("2024-02-29T12:00:00Z") == Date(timeIntervalSince1970: 1_709_208_000))
        #expect(Timestamp.parse("2024-02-29T14:00:00+02:00") == Date(timeIntervalSince1970: 1_709_208_000))
        #expect(Timestamp.parse("2024-02-29T12:00:00.5Z") == Date(timeIntervalSince1970: 1_709_208_000.5))
        #expect(Timestamp.parse("yesterday") == nil)
        #expect(Timestamp.parse("2024-13-01T00:00:00Z") == nil)
    }

    @Test func formatsUTC() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_709_208_000)) == "2024-02-29T12:00:00Z")
    }
}
