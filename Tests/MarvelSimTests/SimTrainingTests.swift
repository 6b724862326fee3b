import Foundation
import MarvelCore
import MarvelSim
import Synchronization
import Testing

/// The embedded cluster runs the DynHP training Job for real, in-process at test size.
@Suite struct SimTrainingClusterTests {
    @Test func deployedTemplateTrainsAndTheJobCompletes() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        try f.deployTraining("train-a", ["EPOCHS": "2", "DATASET": "fashion-mnist"])
        var podName = ""
        f.wait("the Job's pod") {
            podName = try f.pod(of: "train-a")?.at("metadata", "name")?.stringValue ?? ""
            return !podName.isEmpty
        }
        f.wait("the pod to succeed") { f.phase(podName) == "Succeeded" }
        f.wait("the Job to complete") {
            let job = try f.client.get("/apis/batch/v1/namespaces/default/jobs/train-a")
            return (job.at("status", "conditions")?.arrayValue ?? []).contains {
                $0["type"]?.stringValue == "Complete" && $0["status"]?.stringValue == "True"
            }
        }

        let events = SimTrainingFixture.events(try f.log(podName))
        #expect(events.count == 4, "run.start, 2 epochs, run.end: \(events)")
        guard case .runStart(let start)? = events.first else {
            Issue.record("the first metrics line is not run.start: \(events)")
            return
        }
        #expect(start.dataset == SimTrainingScale.datasetName)
        #expect(start.model == "mlp-49-30-10-10", "784-300-100-10 at test size")
        #expect(start.epochs == 2)
        #expect(start.lambda == 0.3 && start.gamma == 0.5 && start.alphaBS == 0.988)
        let epochs = events.compactMap { e -> DynHPEpoch? in
            if case .dynhpEpoch(let x) = e { return x }
            return nil
        }
        #expect(epochs.map(\.epoch) == [1, 2])
        for e in epochs {
            #expect(e.loss.isFinite && e.loss > 0)
            #expect((0...1).contains(e.trainError) && (0...1).contains(e.valError))
            #expect(e.params > 0 && e.params <= e.paramsInitial)
            #expect(e.batchSize > 0 && e.memoryBytes > 0)
        }
        if epochs.count == 2 { #expect(epochs[1].loss < epochs[0].loss, "the loss falls: \(epochs.map(\.loss))") }
        guard case .runEnd(let end)? = events.last else {
            Issue.record("the last metrics line is not run.end: \(events)")
            return
        }
        #expect(end.status == RunEnd.completed)
        #expect(f.cluster.training.activeThreads == 0)
    }

    @Test func followStreamsTheTrainersLinesUntilItEnds() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        try f.deployTraining("train-f", ["EPOCHS": "3"])
        var podName = ""
        f.wait("the pod to run") {
            podName = try f.pod(of: "train-f")?.at("metadata", "name")?.stringValue ?? ""
            return !podName.isEmpty && ["Running", "Succeeded"].contains(f.phase(podName) ?? "")
        }
        let lines = Mutex<[String]>([])
        try f.deployer.logs(name: "train-f", namespace: "default", follow: true) { line in
            lines.withLock { $0.append(line) }
            return true
        }
        // The stream ended by itself: the trainer finished, with every line sent once.
        let events = SimTrainingFixture.events(lines.withLock { $0.joined(separator: "\n") })
        let types = events.map { e -> String in
            switch e {
            case .runStart: "start"
            case .dynhpEpoch(let x): "epoch \(x.epoch)"
            case .fedlRound: "fedl"
            case .runEnd(let x): "end \(x.status)"
            }
        }
        #expect(types == ["start", "epoch 1", "epoch 2", "epoch 3", "end completed"])
        f.wait("the pod to succeed") { f.phase(podName) == "Succeeded" }
        let timestamped = try f.log(podName, ["timestamps": "true", "tailLines": "1"])
        #expect(timestamped.hasPrefix("20") && timestamped.contains(" {\"type\":\"run.end\""), "\(timestamped)")
    }

    @Test func deletingTheJobStopsItsTrainer() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        try f.deployTraining("train-d", ["EPOCHS": "100000"])
        var podName = ""
        f.wait("the first epoch") {
            podName = try f.pod(of: "train-d")?.at("metadata", "name")?.stringValue ?? ""
            let text = podName.isEmpty ? "" : try f.log(podName)
            return text.contains("\"dynhp.epoch\"")
        }
        let pod = try #require(try f.pod(of: "train-d"))
        let uid = try #require(pod.at("metadata", "uid")?.stringValue)
        let log = try #require(f.cluster.training.log(podUID: uid))
        #expect(f.cluster.training.activeThreads == 1)

        _ = try f.client.send(.delete, "/apis/batch/v1/namespaces/default/jobs/train-d", query: ["propagationPolicy": "Background"])
        f.wait("the trainer thread to return") { f.cluster.training.activeThreads == 0 }
        #expect(log.hasEnded)
        let count = log.count
        guard case .runEnd(let end)? = log.lines().lines.last.flatMap({ MetricEvent.parse(line: $0.text) }) else {
            Issue.record("the trainer did not end with run.end")
            return
        }
        #expect(end.status == RunEnd.interrupted)
        #expect(log.count == count, "no line after the trainer returned")
        #expect(f.cluster.training.log(podUID: uid) == nil, "the deleted pod's log is forgotten")
    }

    @Test func stoppingTheClusterStopsItsTrainers() throws {
        let f = try SimTrainingFixture()
        try f.deployTraining("train-s", ["EPOCHS": "100000"])
        f.wait("the trainer to start") { f.cluster.training.activeThreads == 1 }
        f.close()
        #expect(f.cluster.training.activeThreads == 0, "stop() returns after the trainer threads")
    }

    @Test func otherPodsKeepTheirCannedLogs() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": "web-1", "namespace": "default"],
            "spec": ["containers": [["name": "web", "image": "nginx:1.27",
                                     "resources": ["requests": ["cpu": "100m", "memory": "64Mi"]]]]],
        ]
        _ = try f.client.send(.post, "/api/v1/namespaces/default/pods",
                              headers: [(name: "Content-Type", value: "application/json")], body: pod.jsonBytes())
        f.wait("the pod to run") { f.phase("web-1") == "Running" }
        let text = try f.log("web-1")
        #expect(text.contains("nginx/1.27.0"))
        #expect(SimTrainingFixture.events(text).isEmpty)
        #expect(f.cluster.training.activeThreads == 0)
    }

    @Test func deployedTemplateTrainsAModelFile() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        try f.deployTraining("train-m", ["EPOCHS": "2", "MODEL": "lenet5", "BATCH": "100"])
        var podName = ""
        f.wait("the Job's pod") {
            podName = try f.pod(of: "train-m")?.at("metadata", "name")?.stringValue ?? ""
            return !podName.isEmpty
        }
        f.wait("the pod to succeed", seconds: 300) { f.phase(podName) == "Succeeded" }
        let text = try f.log(podName)
        let events = SimTrainingFixture.events(text)
        guard case .runStart(let start)? = events.first else {
            Issue.record("the first metrics line is not run.start: \(text)")
            return
        }
        #expect(start.model == "lenet5")
        let epochs = events.compactMap { e -> DynHPEpoch? in
            if case .dynhpEpoch(let x) = e { return x }
            return nil
        }
        #expect(epochs.map(\.epoch) == [1, 2], "\(text)")
        #expect(epochs.allSatisfy { $0.active.count == 4 && $0.activeInitial == [6, 16, 120, 84] }, "lenet5's gated layers: \(epochs.map(\.active))")
        #expect(text.contains("--model lenet5 (1×28×28 inputs, 600 training examples)"), "\(text)")
    }

    @Test func anUnknownModelFailsThePodWithOneLine() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        try f.deployTraining("train-nomodel", ["EPOCHS": "2", "MODEL": "lenet7"])
        var podName = ""
        f.wait("the pod to fail") {
            podName = try f.pod(of: "train-nomodel")?.at("metadata", "name")?.stringValue ?? ""
            return !podName.isEmpty && f.phase(podName) == "Failed"
        }
        let text = try f.log(podName)
        #expect(text.contains("lenet7: not a shipped model") && text.contains("lenet5"), "\(text)")
        #expect(text.split(separator: "\n").count == 1, "\(text)")
    }

    /// The embedded cluster never reads a file of its host on a Job's word, and refuses a model
    /// too large to train in-process (the VGGs, wrn-28-10) before drawing its weights.
    @Test func hostPathsAndModelsTooLargeForTheSimAreRefusedWithOneLine() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("host-model-\(UUID().uuidString).yaml").path
        let lenet = try #require(ModelCatalog().shipped.first { $0.name == "lenet5" })
        try FileManager.default.copyItem(atPath: lenet.path, toPath: file)
        defer { try? FileManager.default.removeItem(atPath: file) }
        for (name, model, expected) in [("train-hostpath", file, "not a shipped model"), ("train-vgg", "vgg16", "parameters; the embedded cluster trains models of up to 2000000")] {
            try f.deployTraining(name, ["EPOCHS": "2", "MODEL": model])
            var podName = ""
            f.wait("the pod of \(name) to fail") {
                podName = try f.pod(of: name)?.at("metadata", "name")?.stringValue ?? ""
                return !podName.isEmpty && f.phase(podName) == "Failed"
            }
            let text = try f.log(podName)
            #expect(text.contains(expected), "\(text)")
            #expect(text.split(separator: "\n").count == 1, "\(text)")
        }
    }

    @Test func aCommandTheSimCannotReadFailsThePodAndTheJobBacksOff() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        try f.deployTraining("train-bad", ["EPOCHS": "2", "ARCH": "784-x-10"])
        f.wait("the Job to fail") {
            let job = try f.client.get("/apis/batch/v1/namespaces/default/jobs/train-bad")
            return (job.at("status", "conditions")?.arrayValue ?? []).contains { $0["type"]?.stringValue == "Failed" }
        }
        let pods = try f.client.get("/api/v1/namespaces/default/pods", query: ["labelSelector": "job-name=train-bad"])
        let items = pods["items"]?.arrayValue ?? []
        #expect(items.count == 4, "backoffLimit 3: four pods tried")
        #expect(items.allSatisfy { $0.at("status", "phase") == "Failed" })
        let name = items.first?.at("metadata", "name")?.stringValue ?? ""
        let text = try f.log(name)
        #expect(text.contains("--arch \"784-x-10\" is not at least two positive widths"), "\(text)")
        let state = items.first?.at("status", "containerStatuses")?[0]?.at("state", "terminated")
        #expect(state?["exitCode"] == 2 && state?["reason"] == "Error")
    }
}

/// The parts: command flags, reduced sizes, and the trainer slots.
@Suite struct SimTrainingPartsTests {
    let templateCommand = [
        "marvdash", "dynhp", "train", "--dataset", "mnist", "--arch", "784-300-100-10", "--lambda", "0.5",
        "--gamma", "0.02", "--alpha-bs", "0.9", "--batch", "64", "--budget", "512MiB", "--epochs", "7",
        "--seed", "3", "--mode", "hp", "--lr-batch-scaling", "sqrt", "--out", "/output", "--resume",
    ]

    func pod(_ name: String, uid: String, command: [String], labels: JSONObject = [:]) -> JSONValue {
        [
            "metadata": ["name": .string(name), "uid": .string(uid), "labels": .object(labels)],
            "spec": ["containers": [["name": "trainer", "command": .array(command.map { .string($0) })]]],
        ]
    }

    @Test func readsTheTemplatesFlags() throws {
        let c = try SimTrainingCommand(pod: pod("p", uid: "u", command: templateCommand))
        #expect(c.dataset == "mnist" && c.widths == [784, 300, 100, 10])
        #expect(c.lambda == 0.5 && c.gamma == 0.02 && c.alphaBS == 0.9)
        #expect(c.batch == 64 && c.budgetBytes == 512 << 20 && c.epochs == 7 && c.seed == 3 && c.mode == .hp)
        #expect(c.lrBatchScaling == .sqrt)
        #expect(SimTrainingScale.demo.config(c).learningRateBatchScaling == .sqrt)
        #expect(try SimTrainingCommand(arguments: [], pod: "p").lrBatchScaling == LearningRateBatchScaling.none)
        let eq = try SimTrainingCommand(arguments: ["--epochs=4", "--budget=1GB"], pod: "p")
        #expect(eq.epochs == 4 && eq.budgetBytes == 1_000_000_000)
    }

    @Test func readsTheModelFlagAndTopologyArchs() throws {
        let model = try SimTrainingCommand(arguments: ["--arch", "", "--model", "lenet5"], pod: "p")
        #expect(model.model == "lenet5" && model.widths == [784, 300, 100, 10])
        #expect(try SimTrainingCommand(arguments: ["--arch", "resnet-28-1", "--model", ""], pod: "p").model == "resnet-28-1")
        let mlp = try SimTrainingCommand(arguments: ["--arch", "20-8-3", "--model="], pod: "p")
        #expect(mlp.model == nil && mlp.widths == [20, 8, 3])
        #expect(try SimTrainingCommand(arguments: [], pod: "p").model == nil)
        #expect(throws: SimTrainingError(pod: "p", problem: "--arch \"20-8-3\" and --model \"lenet5\": give one of them; fix the Job's command")) {
            try SimTrainingCommand(arguments: ["--arch", "20-8-3", "--model", "lenet5"], pod: "p")
        }
        // Filters' gates start at 0.2 as in dynhp train, unless the command sets --init-drop-hidden.
        let data = SimTrainingScale.tiny.dataset(for: try ModelFile.load(path: try ModelCatalog().resolve("lenet5")), seed: 1)
        #expect(data.train.dimension == 784 && data.train.count == 600)
        #expect(SimTrainingScale.tiny.config(model, model: "lenet5", name: "lenet5", data: data).hiddenDropRate == 0.2)
        #expect(SimTrainingScale.tiny.config(model).hiddenDropRate == 0.5)
    }

    @Test func badFlagsNameThePodAndTheFlag() {
        #expect(throws: SimTrainingError(pod: "p", problem: "--mode \"fast\" is not one of dynhp, hp, sp; fix the Job's command")) {
            try SimTrainingCommand(arguments: ["--mode", "fast"], pod: "p")
        }
        #expect(throws: SimTrainingError(pod: "p", problem: "--lr-batch-scaling \"cube\" is not one of none, sqrt, linear; fix the Job's command")) {
            try SimTrainingCommand(arguments: ["--lr-batch-scaling", "cube"], pod: "p")
        }
        #expect(throws: SimTrainingError(pod: "p", problem: "--epochs needs a value; set it in the Job's command")) {
            try SimTrainingCommand(arguments: ["--epochs"], pod: "p")
        }
    }

    @Test func recognisesTrainingPods() {
        #expect(SimTrainingCommand.isTrainingPod(pod("a", uid: "1", command: templateCommand)))
        #expect(SimTrainingCommand.isTrainingPod(pod("b", uid: "2", command: ["/usr/bin/marvdash", "dynhp", "train"])))
        #expect(SimTrainingCommand.isTrainingPod(pod("c", uid: "3", command: [], labels: ["marvdash.io/template": "dynhp-train"])))
        #expect(!SimTrainingCommand.isTrainingPod(pod("d", uid: "4", command: [], labels: ["marvdash.io/metrics": "dynhp"])))
        #expect(!SimTrainingCommand.isTrainingPod(pod("e", uid: "5", command: ["marvdash", "dynhp", "eval"])))
    }

    @Test func reducesTheArchitecture() {
        #expect(SimTrainingScale.demo.widths([784, 300, 100, 10]) == [196, 75, 25, 10])
        #expect(SimTrainingScale.tiny.widths([784, 300, 100, 10]) == [49, 30, 10, 10])
        #expect(SimTrainingScale.tiny.widths([20, 8, 3]) == [8, 4, 3])
        let config = SimTrainingScale.tiny.config(SimTrainingCommand())
        #expect(config.batchSize == 128 && config.epochs == 30)
        let data = SimTrainingScale.tiny.dataset(for: config)
        #expect(data.dimension == 49 && data.classes == 10 && data.trainCount == 600)
    }

    @Test func atMostTheSlotCountTrainAtOnceAndTheRestQueue() {
        var scale = SimTrainingScale.tiny
        scale.maxConcurrent = 1
        let supervisor = SimTrainingSupervisor(scale: scale)
        let long = ["marvdash", "dynhp", "train", "--epochs", "100000"]
        #expect(supervisor.advance(pod: pod("one", uid: "1", command: long)) == .running)
        #expect(supervisor.advance(pod: pod("two", uid: "2", command: long)) == .queued)
        #expect(supervisor.activeThreads == 1)
        supervisor.retain(podUIDs: ["2"])  // pod one deleted: its slot goes to two
        let deadline = Date().addingTimeInterval(60)
        while supervisor.status(podUID: "2") != .running && Date() < deadline {
            _ = supervisor.log(podUID: "2")?.wait(beyond: 0, until: Date().addingTimeInterval(0.1))
        }
        #expect(supervisor.status(podUID: "2") == .running)
        #expect(supervisor.status(podUID: "1") == nil)
        supervisor.stopAll()
        #expect(supervisor.activeThreads == 0)
        #expect(supervisor.advance(pod: pod("three", uid: "3", command: long)) == .queued, "a stopped supervisor starts nothing")
    }
}
