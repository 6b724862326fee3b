/// Deploys a sweep: one instance of the DynHP training template per run, each through
/// the deploy engine and the placer, named "<sweep>-<n>" and labelled with the sweep.
/// Every value is checked against the template first (errors at the sweep file's
/// line:col) and every name must be free, so a bad file deploys nothing.
public struct SweepDeployment: Sendable {
    public let deployer: Deployer
    public let namespace: String

    public init(deployer: Deployer, namespace: String) {
        self.deployer = deployer
        self.namespace = namespace
    }

    /// Checks `plan` against `template`'s variables (type, choices, range) and its names
    /// against the instances in the namespace.
    public func check(_ plan: SweepPlan, template: Template) throws {
        for run in plan.runs {
            for s in run.flags {
                guard let name = SweepFlags.variable(of: s.flag), let variable = template.variable(named: name) else {
                    throw SweepFileError(file: plan.file, mark: s.mark,
                                         problem: "template \(template.id) has no variable for --\(s.flag); use a template that declares \(SweepFlags.variable(of: s.flag) ?? s.flag)")
                }
                if let problem = variable.violation(of: s.value) {
                    throw SweepFileError(file: plan.file, mark: s.mark, problem: "--\(s.flag) \(s.value): \(problem)")
                }
            }
        }
        guard template.variable(named: SweepFlags.sweepVariable) != nil else {
            throw SweepFileError(file: plan.file, mark: nil, problem: "template \(template.id) has no \(SweepFlags.sweepVariable) variable, so its runs could not be told apart")
        }
        for run in plan.runs where try deployer.record(name: run.instance, namespace: namespace) != nil {
            throw SweepFileError(
                file: plan.file, mark: nil,
                problem: "instance \(run.instance) already exists in namespace \(namespace); remove the earlier sweep with 'marvdash dynhp sweep delete \(plan.name)' or set another `name:`")
        }
    }

    /// Checks, then deploys every run in order; `deployed` hears of each. A failure names
    /// the instances already deployed.
    @discardableResult
    public func deploy(
        _ plan: SweepPlan, template: Template, automatic: AutomaticValues, placement: PlacementRequest,
        deployed: (SweepPlan.Run, DeployResult) -> Void = { _, _ in }
    ) throws -> [DeployResult] {
        try check(plan, template: template)
        var results: [DeployResult] = []
        for run in plan.runs {
            do {
                let result = try deployer.deploy(
                    template: template, name: run.instance, values: run.values(sweep: plan.name), namespace: namespace,
                    automatic: automatic, dryRun: false, placement: placement)
                results.append(result)
                deployed(run, result)
            } catch {
                let done = results.map(\.name)
                throw DynHPError(
                    "sweep \(plan.name): \(run.instance) (\(run.commandLine)) was not deployed: \(error)"
                        + (done.isEmpty ? "" : "; already deployed: \(done.joined(separator: ", ")) (remove them with 'marvdash dynhp sweep delete \(plan.name)')"))
            }
        }
        return results
    }
}
