import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash dynhp sweep`: runs a grid or list of `dynhp train` flag sets as Jobs on the
/// cluster (one instance of the DynHP training template each) and summarises them.
struct DynhpSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Deploy a sweep of DynHP training Jobs (FILE), show where they are (status), summarise them (collect).",
        discussion: """
            FILE (YAML) has `name`, `base` (flags every run shares), `grid` (flag: [values], every combination) \
            and/or `runs` (a list of flag sets); flags are dynhp train's without the dashes. Each run becomes \
            instance NAME-1, NAME-2, … of the dynhp-train template, placed on fog and cloud nodes by the placer; \
            the Training pane (5) groups a sweep's runs and `s` compares them.
            """,
        subcommands: [DynhpSweepRunCommand.self, DynhpSweepStatusCommand.self, DynhpSweepCollectCommand.self,
                      DynhpSweepDeleteCommand.self],
        defaultSubcommand: DynhpSweepRunCommand.self)
}

/// `marvdash dynhp sweep [run] FILE`: deploys every run of the file.
struct DynhpSweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Deploy one DynHP training Job per run of a sweep file.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var source: TemplateSourceOptions
    @ParentCommand var root: Marvdash
    @Option(name: .long, help: ArgumentHelp("spread, pack, balanced or edge-first (how the placer picks fog and cloud nodes).", valueName: "policy"))
    var policy: String = "spread"
    @Option(name: .long, help: ArgumentHelp("The template the Jobs come from.", valueName: "id|file"))
    var template: String = "dynhp-train"
    @Flag(name: .long, help: "Print the runs and their flags; deploy nothing.") var dryRun = false
    @Flag(name: .long, help: "Wait until every run has ended, then print what collect prints.") var wait = false
    @Argument(help: ArgumentHelp("The sweep file (YAML).", valueName: "file")) var file: String

    func validate() throws {
        do {
            _ = try PlacementPolicy(parsing: policy)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        try reportingFailures {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure("\(file): cannot read the sweep file — check the path")
            }
            let plan = try SweepFile.parse(text, file: file)
            if dryRun {
                print("sweep \(plan.name): \(plan.runs.count) run\(plan.runs.count == 1 ? "" : "s") (nothing deployed)")
                for run in plan.runs { print("  \(run.instance)  \(run.commandLine)") }
                return
            }
            let settings = try SettingsLoader().load()
            let tmpl = try source.template(template, settings: settings)
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            let request = PlacementRequest(mode: .auto, policy: try PlacementPolicy(parsing: policy), rules: settings.layerRules)
            print("sweep \(plan.name): deploying \(plan.runs.count) run\(plan.runs.count == 1 ? "" : "s") in namespace \(session.namespace)")
            try SweepDeployment(deployer: session.deployer, namespace: session.namespace).deploy(
                plan, template: tmpl, automatic: source.automatic(settings: settings, namespace: session.namespace), placement: request
            ) { run, result in
                let nodes = DeploySession.placementLines(result.placement).joined(separator: "; ")
                print("  \(run.instance)  \(run.commandLine)  \(nodes.isEmpty ? "" : "— \(nodes)")")
                fflush(nil)
            }
            print("follow them: marvdash dynhp sweep status \(plan.name); the console's Training pane (5), s compares the sweep")
            if wait {
                let monitor = SweepMonitor(deployer: session.deployer, namespace: session.namespace, rules: settings.layerRules)
                let runs = try SweepWaiter(monitor: monitor, sweep: plan.name).wait()
                print(SweepReport.text(SweepReport(sweep: plan.name, runs: runs).collectTable()), terminator: "")
            }
        }
    }
}

/// Polls a sweep until every run has ended, printing each run's end as it comes.
struct SweepWaiter {
    let monitor: SweepMonitor
    let sweep: String
    var interval: Double = 2

    func wait() throws -> [SweepRunState] {
        var reported = Set<String>()
        while true {
            let runs = try monitor.states(sweep: sweep)
            for r in runs where r.hasEnded && !reported.contains(r.instance) {
                reported.insert(r.instance)
                let error = r.end?.summary["test_error"]?.doubleValue.map(Table4Format.percent) ?? "-"
                FileHandle.standardError.write(Data("marvdash: sweep \(sweep): \(r.instance) \(r.end?.status ?? r.phase), test error \(error)\n".utf8))
            }
            if runs.allSatisfy(\.hasEnded) { return runs }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}
