import Foundation
import MarvelCore
import MarvelSim
import Testing

/// The embedded cluster reads the pruning levers and the sweep from a training pod's
/// command, scales the rates for its reduced runs, says in `run.start` that it trains a
/// reduced network, and a sweep's Jobs carry its label and run to their `run.end`.
@Suite struct SimTrainingLeverTests {
    @Test func readsEveryLeverFromTheCommand() throws {
        let c = try SimTrainingCommand(arguments: [
            "--finetune", "3", "--finetune-lr", "0.0005", "--gate-lr", "0.003", "--layer-lambdas", "0.1,0.3,0.3",
            "--temperature", "1/2", "--init-drop-input", "0.3", "--init-drop-hidden", "0.4", "--lr-warmup", "2",
            "--lr-schedule", "cosine", "--gate-samples", "example", "--ema", "0.99", "--lr", "0.002", "--sweep", "lam",
        ], pod: "p")
        #expect(c.finetune == 3 && c.finetuneLR == 0.0005 && c.gateLR == 0.003 && c.layerLambdas == [0.1, 0.3, 0.3])
        #expect(c.temperature == 0.5 && c.initDropInput == 0.3 && c.initDropHidden == 0.4 && c.lrWarmup == 2)
        #expect(c.lrSchedule == .cosine && c.gateSamples == .example && c.ema == 0.99 && c.lr == 0.002 && c.sweep == "lam")
        let config = SimTrainingScale.demo.config(c)
        // Rates ×10 for the reduced run (the scale's 0.01 against the CLI's 0.001).
        #expect(abs(config.learningRate - 0.02) < 1e-12 && abs((config.gateLearningRate ?? 0) - 0.03) < 1e-12)
        #expect(abs((config.finetuneLearningRate ?? 0) - 0.005) < 1e-12)
        #expect(config.finetuneEpochs == 3 && config.layerLambdas == [0.1, 0.3, 0.3] && config.temperature == 0.5)
        #expect(config.inputDropRate == 0.3 && config.hiddenDropRate == 0.4 && config.warmupEpochs == 2 && config.emaDecay == 0.99)
        // The template's "no value" forms: 0 for a rate, "" for the lambdas and the sweep.
        let defaults = try SimTrainingCommand(arguments: ["--gate-lr", "0", "--finetune-lr", "0", "--layer-lambdas", "", "--sweep", ""], pod: "p")
        #expect(defaults.gateLR == nil && defaults.finetuneLR == nil && defaults.layerLambdas.isEmpty && defaults.sweep == nil)
        #expect(throws: SimTrainingError(pod: "p", problem: "--temperature \"hot\" is not a positive number or fraction (e.g. 2/3); fix the Job's command")) {
            try SimTrainingCommand(arguments: ["--temperature", "hot"], pod: "p")
        }
        #expect(throws: SimTrainingError.self) { try SimTrainingCommand(arguments: ["--init-drop-input", "1"], pod: "p") }
    }

    @Test func aSweepsJobsAreLabelledAndTheirRunsSayTheyAreReduced() throws {
        let f = try SimTrainingFixture()
        defer { f.close() }
        let template = try Template.load(file: SimTrainingFixture.templatePath)
        let plan = try SweepFile.parse("name: lam\nbase: {epochs: 2, finetune: 1}\ngrid: {lambda: [0.1, 0.3]}\n", file: "lam.yaml")
        let deployment = SweepDeployment(deployer: f.deployer, namespace: "default")
        let results = try deployment.deploy(plan, template: template, automatic: f.automatic, placement: .auto)
        #expect(results.map(\.name) == ["lam-1", "lam-2"])
        let monitor = SweepMonitor(deployer: f.deployer, namespace: "default")
        #expect(try monitor.sweeps().map(\.name) == ["lam"])
        var runs: [SweepRunState] = []
        f.wait("both runs to end", seconds: 120) {
            runs = try monitor.states(sweep: "lam")
            return runs.count == 2 && runs.allSatisfy { $0.end != nil }
        }
        #expect(runs.map(\.instance) == ["lam-1", "lam-2"])
        for run in runs {
            #expect(run.end?.status == RunEnd.completed)
            #expect(run.end?.summary["epochs_done"]?.intValue == 3, "2 pruning + 1 fine-tuning epoch")
            #expect(run.start?.extra["sweep"]?.stringValue == "lam")
            #expect(run.start?.extra["requested_arch"]?.stringValue == "784-300-100-10")
            #expect(run.start?.extra["reduced_for"]?.stringValue == "the embedded cluster")
            #expect(run.start?.model == "mlp-49-30-10-10")
            #expect(run.latest?.phase == DynHPEpoch.finetunePhase)
            #expect([Layer.fog, .cloud].contains(run.layer ?? .edge), "placed on fog or cloud: \(String(describing: run.node))")
            let pod = try f.client.get("/api/v1/namespaces/default/pods/\(run.pod ?? "")")
            #expect(pod.at("metadata", "labels", "marvdash.io/sweep")?.stringValue == "lam")
        }
        #expect(runs.map { $0.value(ofFlag: "lambda") } == ["0.1", "0.3"])
        #expect(SweepReport(sweep: "lam", runs: runs).varyingFlags == ["lambda"])
        // Deploying the same sweep again changes nothing and says why.
        #expect(throws: SweepFileError.self) { try deployment.deploy(plan, template: template, automatic: f.automatic, placement: .auto) }
    }
}
