import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// The kubectl conformance suite: the everyday kubectl verbs against the
/// embedded cluster, each with the outcome a real Kubernetes 1.30 server
/// gives, run by the real kubectl. Each test is one fresh cluster and a
/// table of invocations run in order.
@Suite struct KubectlConformanceTests {
    /// A fresh cluster whose kubeconfig context points at `namespace`.
    func session(namespace: String = "marvel") throws -> KubectlSession {
        let s = try KubectlSession()
        try KubectlCase("config", "set-context", "--current", "--namespace=\(namespace)").run(in: s)
        return s
    }

    /// Discovery, auth, get (all, wide, yaml, watch), describe and wait on the seeded cluster.
    @Test func discoveryAuthGetAndDescribe() throws {
        let s = try session(namespace: "kube-system")
        defer { s.close() }
        try [
            KubectlCase(
                "api-resources",
                rows: [
                    ["deployments", "deploy", "apps/v1", "true", "Deployment"],
                    ["replicasets", "rs", "apps/v1", "true", "ReplicaSet"],
                    ["cronjobs", "cj", "batch/v1", "true", "CronJob"],
                    ["persistentvolumeclaims", "pvc", "v1", "true", "PersistentVolumeClaim"],
                    ["storageclasses", "sc", "storage.k8s.io/v1", "false", "StorageClass"],
                    ["poddisruptionbudgets", "pdb", "policy/v1", "true", "PodDisruptionBudget"],
                    ["horizontalpodautoscalers", "hpa", "autoscaling/v2", "true", "HorizontalPodAutoscaler"],
                    ["selfsubjectaccessreviews", "authorization.k8s.io/v1", "false", "SelfSubjectAccessReview"],
                ]),
            KubectlCase(
                "api-versions",
                rows: [
                    ["apps/v1"], ["autoscaling/v1"], ["autoscaling/v2"], ["batch/v1"], ["discovery.k8s.io/v1"],
                    ["policy/v1"], ["rbac.authorization.k8s.io/v1"], ["storage.k8s.io/v1"], ["v1"],
                ]),
            KubectlCase("auth", "can-i", "create", "deployments", stdout: ["yes"]),
            KubectlCase("auth", "can-i", "delete", "nodes", "--all-namespaces", stdout: ["yes"]),
            KubectlCase("auth", "can-i", "--list", rows: [["*.*", "[]", "[]", "[*]"]]),
            KubectlCase(
                "auth", "whoami", rows: [["Username", "kubernetes-admin"], ["Groups", "[system:masters", "system:authenticated]"]]),
            KubectlCase("auth", "whoami", "--as=jane", rows: [["Username", "jane"]]),
            KubectlCase(
                "get", "all", "-A",
                rows: [
                    ["kube-system", "pod/coredns-*", "1/1", "Running"],
                    ["default", "service/kubernetes", "ClusterIP", "10.96.0.1"],
                    ["kube-system", "daemonset.apps/kube-proxy", "11", "11"],
                    ["kube-system", "deployment.apps/coredns", "2/2", "2", "2"],
                    ["kube-system", "replicaset.apps/coredns-*", "2", "2", "2"],
                ]),
            KubectlCase(
                "get", "nodes", "-o", "wide",
                rows: [
                    ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
                    ["psnc-cloud1", "Ready", "control-plane"], ["mtedge2", "NotReady"],
                ]),
            KubectlCase(
                "get", "deployments", "-o", "wide",
                rows: [
                    ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
                    ["coredns", "2/2", "2", "2", "coredns", "registry.k8s.io/coredns/coredns:v1.11.1", "k8s-app=kube-dns"],
                ]),
            KubectlCase(
                "get", "daemonsets,replicasets", "-o", "wide",
                rows: [
                    ["daemonset.apps/kube-proxy", "kube-proxy", "registry.k8s.io/kube-proxy:v1.30.4", "k8s-app=kube-proxy"],
                    ["replicaset.apps/coredns-*", "2", "2", "2", "coredns", "registry.k8s.io/coredns/coredns:v1.11.1"],
                ]),
            KubectlCase(
                "get", "services", "-o", "wide",
                rows: [["kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP,9153/TCP", "k8s-app=kube-dns"]]),
            KubectlCase("get", "endpoints", "kube-dns", rows: [["kube-dns", "10.128.*"]]),
            KubectlCase("get", "endpointslices", rows: [["kube-dns-*", "IPv4", "53,53,9153", "10.128.*"]]),
            KubectlCase("get", "serviceaccounts", "-n", "default", rows: [["default", "0"]]),
            KubectlCase(
                "get", "storageclasses",
                rows: [["local-path", "(default)", "marvdash.io/local-path", "Delete", "WaitForFirstConsumer", "false"]]),
            KubectlCase(
                "get", "clusterrolebinding", "cluster-admin", "-o", "wide",
                rows: [["cluster-admin", "ClusterRole/cluster-admin", "system:masters"]]),
            KubectlCase("get", "clusterroles", "view", rows: [["NAME", "CREATED", "AT"], ["view", "20*"]]),
            KubectlCase("get", "controllerrevisions", rows: [["kube-proxy-*", "daemonset.apps/kube-proxy", "1"]]),
            KubectlCase("get", "node", "grnedge1", "-o", "yaml", stdout: ["kind: Node", "value: GRNEDGE1"]),
            KubectlCase(
                "get", "namespaces", "--watch", "--request-timeout=5s",
                rows: [["default", "Active"], ["kube-system", "Active"]]),
            KubectlCase(
                "describe", "node", "psnc-cloud1",
                rows: [
                    ["Name:", "psnc-cloud1"], ["Non-terminated", "Pods:"], ["kube-system", "etcd-psnc-cloud1"],
                    ["Allocated", "resources:"],
                ],
                absent: ["<error"]),
            KubectlCase("describe", "service", "kube-dns", rows: [["Endpoints:", "10.128.*"]], absent: ["<error"]),
            KubectlCase("describe", "deployment", "coredns", rows: [["NewReplicaSet:", "coredns-*", "(2/2", "replicas", "created)"]]),
            KubectlCase("describe", "pods", "-l", "k8s-app=kube-dns", rows: [["Controlled", "By:", "ReplicaSet/coredns-*"]]),
            KubectlCase("describe", "daemonset", "kube-proxy", rows: [["Desired", "Number", "of", "Nodes", "Scheduled:", "11"]]),
            KubectlCase(
                "wait", "--for=condition=Ready", "pod", "-l", "k8s-app=kube-dns", "--timeout=30s",
                rows: [["pod/coredns-*", "condition", "met"]]),
        ].run(in: s)
    }

    /// apply, rollout (status, history, undo, restart), set, scale, label, annotate, edit, diff, wait,
    /// create job/cronjob, autoscale, RBAC objects and delete.
    @Test func workloadsAndRollouts() throws {
        let s = try session()
        defer { s.close() }
        let web = try s.write("web.yaml", ConformanceManifests.web)
        let next = try s.write("web-next.yaml", ConformanceManifests.webNext)
        let editor = try s.write("edit.sh", ConformanceManifests.editor, executable: true)
        func webImages() -> Set<String> {
            Set(s.pods("marvel", prefix: "web-").compactMap { $0.at("spec", "containers")?[0]?["image"]?.stringValue })
        }
        try [
            KubectlCase("apply", "-f", web, stdout: ["deployment.apps/web created", "service/web created"]),
            KubectlCase("rollout", "status", "deployment/web", "--timeout=60s", stdout: ["deployment \"web\" successfully rolled out"]),
            KubectlCase("get", "replicasets", "-l", "app=web", rows: [["web-*", "2", "2", "2"]]),
            KubectlCase(
                "describe", "service", "web", rows: [["Endpoints:", "10.*"]], absent: ["<error"],
                check: { run, _ in
                    let line = run.stdout.split(separator: "\n").first { $0.hasPrefix("Endpoints:") } ?? ""
                    #expect(line.split(separator: ",").count == 2 && line.hasSuffix(":80"), "\(line)")
                }),
            KubectlCase("set", "image", "deployment/web", "web=nginx:1.28", stdout: ["deployment.apps/web image updated"]),
            KubectlCase("rollout", "status", "deployment/web", "--timeout=60s", stdout: ["successfully rolled out"]),
            KubectlCase("rollout", "history", "deployment/web", rows: [["REVISION", "CHANGE-CAUSE"], ["1", "<none>"], ["2", "<none>"]]),
            KubectlCase("rollout", "history", "deployment/web", "--revision=2", rows: [["Image:", "nginx:1.28"]]),
            // The acceptance case: undo brings the previous image back (its ReplicaSet becomes revision 3).
            KubectlCase("rollout", "undo", "deployment/web", stdout: ["deployment.apps/web rolled back"]),
            KubectlCase("rollout", "status", "deployment/web", "--timeout=60s", stdout: ["successfully rolled out"]),
            KubectlCase(
                "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}", stdout: ["nginx:1.27"],
                before: { _ in webImages() == ["nginx:1.27"] }),
            KubectlCase(
                "rollout", "history", "deployment/web", rows: [["2", "<none>"], ["3", "<none>"]],
                check: { run, _ in #expect(!KubectlCase.hasRow(["1", "<none>"], in: run.stdout), "\(run.stdout)") }),
            KubectlCase("rollout", "restart", "deployment/web", stdout: ["deployment.apps/web restarted"]),
            KubectlCase("rollout", "status", "deployment/web", "--timeout=60s", stdout: ["successfully rolled out"]),
            KubectlCase("rollout", "history", "deployment/web", rows: [["4", "<none>"]]),
            KubectlCase("scale", "deployment/web", "--replicas=3", stdout: ["deployment.apps/web scaled"]),
            KubectlCase(
                "wait", "--for=jsonpath={.status.readyReplicas}=3", "deployment/web", "--timeout=60s",
                stdout: ["deployment.apps/web condition met"]),
            KubectlCase("wait", "--for=condition=Available", "deployment/web", "--timeout=60s", stdout: ["condition met"]),
            KubectlCase("label", "deployment", "web", "tier=front", stdout: ["deployment.apps/web labeled"]),
            KubectlCase("annotate", "deployment", "web", "example.com/owner=ops", stdout: ["deployment.apps/web annotated"]),
            KubectlCase(
                "get", "deployment", "web", "-o", "wide", "--show-labels",
                rows: [["web", "3/3", "3", "3", "web", "nginx:1.27", "app=web", "app=web,tier=front"]]),
            KubectlCase("edit", "deployment/web", stdout: ["deployment.apps/web edited"], environment: ["EDITOR": editor]),
            KubectlCase(
                "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}", stdout: ["2"],
                before: { s in s.pods("marvel", prefix: "web-").count == 2 }),
            KubectlCase(
                "diff", "--server-side", "-f", next, exit: .code(1),
                rows: [["-", "-", "image:", "nginx:1.27"], ["+", "-", "image:", "nginx:1.29"]]),
            KubectlCase("create", "job", "once", "--image=busybox:1.36", stdout: ["job.batch/once created"]),
            KubectlCase("wait", "--for=condition=Complete", "job/once", "--timeout=60s", stdout: ["job.batch/once condition met"]),
            // February 30th never comes, so no wall-clock minute can start a Job in the middle of the test.
            KubectlCase("create", "cronjob", "tick", "--image=busybox:1.36", "--schedule=0 0 30 2 *", stdout: ["cronjob.batch/tick created"]),
            KubectlCase("create", "job", "manual", "--from=cronjob/tick", stdout: ["job.batch/manual created"]),
            KubectlCase("wait", "--for=condition=Complete", "job/manual", "--timeout=60s", stdout: ["condition met"]),
            KubectlCase(
                "get", "cronjobs", "-o", "wide",
                rows: [["tick", "0", "0", "30", "2", "*", "<none>", "false", "0", "<none>", "tick", "busybox:1.36"]],
                // The controller has seen its (manually started) Job finish.
                before: { s in s.store.get("cronjobs", namespace: "marvel", name: "tick")?.at("status", "lastSuccessfulTime") != nil }),
            KubectlCase("get", "jobs", "-o", "wide", rows: [["once", "Complete", "1/1", "once", "busybox:1.36"]]),
            KubectlCase(
                "autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=80",
                stdout: ["horizontalpodautoscaler.autoscaling/web autoscaled"]),
            KubectlCase("get", "hpa", rows: [["web", "Deployment/web", "cpu:", "<unknown>/80%", "2", "5"]]),
            KubectlCase(
                "get", "all",
                rows: [
                    ["pod/web-*", "1/1", "Running"], ["service/web", "ClusterIP"], ["deployment.apps/web", "2/2"],
                    ["replicaset.apps/web-*"], ["horizontalpodautoscaler.autoscaling/web", "Deployment/web"],
                    ["cronjob.batch/tick", "0"], ["job.batch/once", "Complete"],
                ]),
            KubectlCase(
                "create", "role", "reader", "--verb=get,list", "--resource=pods",
                stdout: ["role.rbac.authorization.k8s.io/reader created"]),
            KubectlCase(
                "create", "rolebinding", "read", "--role=reader", "--user=jane",
                stdout: ["rolebinding.rbac.authorization.k8s.io/read created"]),
            KubectlCase("get", "rolebinding", "read", "-o", "wide", rows: [["read", "Role/reader", "jane"]]),
            KubectlCase("auth", "can-i", "delete", "pods", "--as=jane", stdout: ["yes"]),
            KubectlCase("delete", "deployment", "web", stdout: ["deployment.apps \"web\" deleted"]),
            KubectlCase("get", "replicasets", "-l", "app=web", stderr: ["No resources found in marvel namespace."]),
        ].run(in: s)
    }

    /// DaemonSets and StatefulSets: rollout status, history and undo through their ControllerRevisions.
    @Test func daemonSetsAndStatefulSetsRollBack() throws {
        let s = try session()
        defer { s.close() }
        let manifest = try s.write("agent-db.yaml", ConformanceManifests.daemonAndStateful)
        func images(_ prefix: String) -> Set<String> {
            Set(s.pods("marvel", prefix: prefix).compactMap { $0.at("spec", "containers")?[0]?["image"]?.stringValue })
        }
        try [
            KubectlCase("apply", "-f", manifest, stdout: ["daemonset.apps/agent created", "statefulset.apps/db created"]),
            KubectlCase("rollout", "status", "daemonset/agent", "--timeout=60s", stdout: ["daemon set \"agent\" successfully rolled out"]),
            KubectlCase("rollout", "status", "statefulset/db", "--timeout=60s", stdout: ["roll out complete: 2 new pods have been updated"]),
            KubectlCase("get", "daemonset", "agent", "-o", "wide", rows: [["agent", "3", "3", "3", "3", "3", "marvdash.io/layer=fog", "agent", "busybox:1.36", "app=agent"]]),
            KubectlCase("get", "statefulset", "db", "-o", "wide", rows: [["db", "2/2", "db", "postgres:16"]]),
            KubectlCase("set", "image", "daemonset/agent", "agent=busybox:1.37", stdout: ["daemonset.apps/agent image updated"]),
            KubectlCase("rollout", "status", "daemonset/agent", "--timeout=60s", stdout: ["successfully rolled out"]),
            KubectlCase("rollout", "history", "daemonset/agent", rows: [["1", "<none>"], ["2", "<none>"]]),
            KubectlCase("rollout", "undo", "daemonset/agent", stdout: ["daemonset.apps/agent rolled back"]),
            KubectlCase(
                "rollout", "status", "daemonset/agent", "--timeout=60s", stdout: ["successfully rolled out"],
                check: { _, s in #expect(s.waitFor { images("agent-") == ["busybox:1.36"] }, "\(images("agent-"))") }),
            KubectlCase("rollout", "history", "daemonset/agent", rows: [["2", "<none>"], ["3", "<none>"]]),
            KubectlCase("set", "image", "statefulset/db", "db=postgres:17", stdout: ["statefulset.apps/db image updated"]),
            KubectlCase("rollout", "status", "statefulset/db", "--timeout=60s", stdout: ["roll out complete"]),
            KubectlCase("rollout", "history", "statefulset/db", rows: [["1", "<none>"], ["2", "<none>"]]),
            KubectlCase("rollout", "undo", "statefulset/db", stdout: ["statefulset.apps/db rolled back"]),
            KubectlCase(
                "rollout", "status", "statefulset/db", "--timeout=60s", stdout: ["roll out complete"],
                check: { _, s in #expect(s.waitFor { images("db-") == ["postgres:16"] }, "\(images("db-"))") }),
            KubectlCase("get", "controllerrevisions", rows: [["agent-*", "daemonset.apps/agent", "3"], ["db-*", "statefulset.apps/db", "3"]]),
        ].run(in: s)
    }

    /// taint, cordon, uncordon, label nodes, drain --ignore-daemonsets (a budget refuses, then lets go),
    /// and a namespace deleted: Terminating while a finalizer holds, then gone.
    @Test func nodesDrainAndNamespaces() throws {
        let s = try session()
        defer { s.close() }
        let spread = try s.write("spread.yaml", ConformanceManifests.spread)
        func budgetAllows(_ n: Int) -> (KubectlSession) -> Bool {
            { s in s.store.get("poddisruptionbudgets", namespace: "marvel", name: "spread")?.at("status", "disruptionsAllowed") == .int(n) }
        }
        try [
            KubectlCase(
                "apply", "--server-side", "-f", spread,
                stdout: ["deployment.apps/spread serverside-applied", "poddisruptionbudget.policy/spread serverside-applied"]),
            KubectlCase("rollout", "status", "deployment/spread", "--timeout=60s", stdout: ["successfully rolled out"]),
            KubectlCase(
                "get", "pods", "-o", "wide", "-l", "app=spread", rows: [["spread-*", "Running", "grnfog1"], ["spread-*", "Running", "unsfog1"]]),
            KubectlCase("get", "pdb", "spread", rows: [["spread", "2", "N/A", "0"]], before: budgetAllows(0)),
            KubectlCase("taint", "nodes", "mtfog1", "dedicated=ml:NoSchedule", stdout: ["node/mtfog1 tainted"]),
            KubectlCase("describe", "node", "mtfog1", rows: [["Taints:", "dedicated=ml:NoSchedule"]]),
            KubectlCase("taint", "nodes", "mtfog1", "dedicated=ml:NoSchedule-", stdout: ["node/mtfog1 untainted"]),
            KubectlCase("label", "node", "mtfog1", "example.com/rack=r1", stdout: ["node/mtfog1 labeled"]),
            KubectlCase("get", "nodes", "-l", "example.com/rack=r1", rows: [["mtfog1", "Ready"]]),
            KubectlCase("cordon", "mtfog1", stdout: ["node/mtfog1 cordoned"]),
            KubectlCase("get", "node", "mtfog1", rows: [["mtfog1", "Ready,SchedulingDisabled"]]),
            KubectlCase("uncordon", "mtfog1", stdout: ["node/mtfog1 uncordoned"]),
            // The budget needs both pods: drain cordons the node, is refused, and gives up at its timeout.
            KubectlCase(
                "drain", "grnfog1", "--ignore-daemonsets", "--timeout=8s", exit: .failure,
                stdout: ["node/grnfog1 cordoned"],
                stderr: ["Cannot evict pod as it would violate the pod's disruption budget."]),
            KubectlCase(
                "patch", "pdb", "spread", "--type=merge", "-p", #"{"spec":{"minAvailable":1}}"#,
                stdout: ["poddisruptionbudget.policy/spread patched"]),
            // Now one may go: drain evicts it (the daemon pods stay) and the replacement runs elsewhere.
            KubectlCase(
                "drain", "grnfog1", "--ignore-daemonsets", "--timeout=60s",
                stdout: ["pod/spread-", "evicted", "node/grnfog1 drained"], stderr: ["Warning: ignoring DaemonSet-managed Pods"],
                before: budgetAllows(1)),
            KubectlCase(
                "rollout", "status", "deployment/spread", "--timeout=60s", stdout: ["successfully rolled out"],
                check: { _, s in
                    // The replacement of the evicted pod runs on the one node left to it.
                    func nodes() -> [String] {
                        s.pods("marvel", prefix: "spread-").filter(PodStatusProbe.ready).compactMap { $0.at("spec", "nodeName")?.stringValue }
                    }
                    #expect(s.waitFor { nodes() == ["unsfog1", "unsfog1"] }, "\(nodes())")
                }),
            KubectlCase("uncordon", "grnfog1", stdout: ["node/grnfog1 uncordoned"]),
            KubectlCase("create", "namespace", "scratch", stdout: ["namespace/scratch created"]),
            KubectlCase("get", "serviceaccounts", "-n", "scratch", rows: [["default", "0"]]),
            KubectlCase("create", "configmap", "held", "-n", "scratch", "--from-literal=a=b", stdout: ["configmap/held created"]),
            KubectlCase(
                "patch", "configmap", "held", "-n", "scratch", "--type=merge", "-p",
                #"{"metadata":{"finalizers":["example.com/hold"]}}"#, stdout: ["configmap/held patched"]),
            KubectlCase("delete", "namespace", "scratch", "--wait=false", stdout: ["namespace \"scratch\" deleted"]),
            KubectlCase("get", "namespace", "scratch", rows: [["scratch", "Terminating"]]),
            KubectlCase(
                "describe", "namespace", "scratch",
                stdout: ["Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"],
                before: { s in
                    s.store.get("namespaces", name: "scratch")?.at("status", "conditions") != nil
                }),
            KubectlCase(
                "create", "configmap", "late", "-n", "scratch", exit: .failure,
                stderr: ["unable to create new content in namespace scratch because it is being terminated"]),
            KubectlCase(
                "patch", "configmap", "held", "-n", "scratch", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#,
                stdout: ["configmap/held patched"]),
            KubectlCase("wait", "--for=delete", "namespace/scratch", "--timeout=30s"),
            KubectlCase("get", "namespace", "scratch", exit: .failure, stderr: ["namespaces \"scratch\" not found"]),
            KubectlCase("create", "namespace", "quick", stdout: ["namespace/quick created"]),
            KubectlCase("delete", "namespace", "quick", stdout: ["namespace \"quick\" deleted"]),
            KubectlCase("get", "namespace", "quick", exit: .failure, stderr: ["namespaces \"quick\" not found"]),
        ].run(in: s)
    }

    /// A claim binds on first use, on that pod's node, and the next pod of the claim lands there too.
    @Test func claimsBindOnFirstUse() throws {
        let s = try session()
        defer { s.close() }
        let data = try s.write("data.yaml", ConformanceManifests.data)
        let again = try s.write("data-again.yaml", ConformanceManifests.dataAgain)
        try [
            KubectlCase(
                "apply", "--server-side", "-f", data,
                stdout: ["persistentvolumeclaim/data serverside-applied", "deployment.apps/db serverside-applied"]),
            KubectlCase("rollout", "status", "deployment/db", "--timeout=60s", stdout: ["successfully rolled out"]),
            KubectlCase("get", "pvc", "data", rows: [["data", "Bound", "pvc-*", "1Gi", "RWO", "local-path", "<unset>"]]),
            KubectlCase("get", "pv", rows: [["pvc-*", "1Gi", "RWO", "Delete", "Bound", "marvel/data", "local-path"]]),
            KubectlCase("apply", "--server-side", "-f", again, stdout: ["deployment.apps/db2 serverside-applied"]),
            KubectlCase(
                "rollout", "status", "deployment/db2", "--timeout=60s", stdout: ["successfully rolled out"],
                check: { _, s in
                    let first = s.pods("marvel", prefix: "db-").first?.at("spec", "nodeName")?.stringValue
                    let second = s.pods("marvel", prefix: "db2-").first?.at("spec", "nodeName")?.stringValue
                    #expect(first != nil && first == second, "db on \(first ?? "?"), db2 on \(second ?? "?")")
                    let volume = s.store.list("persistentvolumes").items.first
                    let node = volume?.at("spec", "nodeAffinity", "required", "nodeSelectorTerms")?[0]?["matchExpressions"]?[0]?["values"]?[0]
                    #expect(node?.stringValue == first)
                }),
            KubectlCase("describe", "pvc", "data", rows: [["Used", "By:", "db-*"]]),
            KubectlCase("delete", "deployment", "db", "db2", stdout: ["deployment.apps \"db\" deleted"]),
            KubectlCase("delete", "pvc", "data", stdout: ["persistentvolumeclaim \"data\" deleted"]),
            KubectlCase(
                "get", "pv", stderr: ["No resources found"],
                before: { s in s.store.count("persistentvolumes") == 0 }),
        ].run(in: s)
    }

    /// kubectl logs with the container, window, limit, timestamp and previous parameters.
    @Test func logsParameters() throws {
        let s = try session()
        defer { s.close() }
        let chat = try s.write("chat.yaml", ConformanceManifests.chat)
        let restarted = "kube-proxy-\(NameSuffix.stable("kube-proxy@mtedge2"))"
        try [
            KubectlCase("apply", "-f", chat, stdout: ["pod/chat created"]),
            KubectlCase("wait", "--for=condition=Ready", "pod/chat", "--timeout=60s", stdout: ["pod/chat condition met"]),
            KubectlCase(
                "get", "--raw", "/api/v1/namespaces/marvel/pods/chat/log", exit: .failure,
                stderr: ["a container name must be specified for pod chat, choose one of: [app sidecar]"]),
            KubectlCase("logs", "chat", stdout: ["mosquitto version 2.0.18 running"], stderr: ["Defaulted container \"app\" out of: app, sidecar"]),
            KubectlCase(
                "logs", "chat", "-c", "app", "--tail=2",
                check: { run, _ in #expect(run.stdout.split(separator: "\n").count == 2, "\(run.stdout)") }),
            KubectlCase(
                "logs", "chat", "-c", "app", "--timestamps",
                check: { run, _ in
                    let stamps = run.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
                    #expect(!stamps.isEmpty && stamps.allSatisfy { Timestamp.parse($0) != nil }, "\(run.stdout)")
                }),
            KubectlCase("logs", "chat", "-c", "app", "--since=1h", stdout: ["mosquitto version 2.0.18 running"]),
            KubectlCase(
                "logs", "chat", "-c", "app", "--since-time=2099-01-01T00:00:00Z",
                check: { run, _ in #expect(run.stdout.isEmpty, "\(run.stdout)") }),
            KubectlCase(
                "logs", "chat", "-c", "app", "--limit-bytes=16",
                check: { run, _ in #expect(run.stdout.utf8.count == 16, "\(run.stdout)") }),
            KubectlCase(
                "logs", "chat", "-c", "app", "--previous", exit: .failure,
                stderr: ["previous terminated container \"app\" in pod \"chat\" not found"]),
            KubectlCase("logs", "chat", "-c", "db", exit: .failure, stderr: ["container db is not valid for pod chat"]),
            KubectlCase(
                "logs", restarted, "-n", "kube-system", "--previous", "--tail=3",
                check: { run, _ in #expect(run.stdout.split(separator: "\n").count == 3, "\(run.stdout)") }),
        ].run(in: s)
    }

    /// What the embedded cluster cannot do, each with its clear error.
    @Test func whatTheEmbeddedClusterCannotDo() throws {
        let s = try session()
        defer { s.close() }
        let chat = try s.write("chat.yaml", ConformanceManifests.chat)
        let refusal = { (verb: String) in "the embedded cluster runs no containers: \(verb) is not available; use logs" }
        try [
            KubectlCase("apply", "-f", chat, stdout: ["pod/chat created"]),
            KubectlCase("wait", "--for=condition=Ready", "pod/chat", "--timeout=60s"),
            KubectlCase("exec", "chat", "-c", "app", "--", "ls", exit: .failure, stderr: [refusal("exec")]),
            KubectlCase("attach", "chat", "-c", "app", exit: .failure, stderr: [refusal("attach")]),
            KubectlCase("cp", "marvel/chat:/etc/hosts", s.dir.appendingPathComponent("hosts").path, "-c", "app", exit: .failure, stderr: [refusal("exec")]),
            KubectlCase("port-forward", "pod/chat", ":80", exit: .failure, stderr: [refusal("port-forward")]),
        ].run(in: s)
    }
}
