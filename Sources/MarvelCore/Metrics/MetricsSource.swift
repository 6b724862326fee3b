/// What the console reads training runs from: a cheap version number that
/// changes with every update, the runs, and each source's connection state.
public protocol MetricsSource: Sendable {
    /// Increases whenever runs or states change.
    var version: Int { get }
    /// Every run, in the order they first appeared.
    func runs() -> [TrainingRun]
    /// The connection state of every source ("following", "retrying in 4s: …").
    func sourceStates() -> [(origin: RunOrigin, state: String)]
}

extension MetricsFeed: MetricsSource {}
