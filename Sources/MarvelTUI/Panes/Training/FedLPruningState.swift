import MarvelCore

/// Where every unit of a federated run stands in one round, per gated layer: dead in the global
/// model before the round, closed by each client during its local training (before the
/// average), and pruned by the average. The seed saw its clients' pruning "not yet in sync"
/// (under Figure 16) only in the error curves; this makes it visible.
struct FedLPruningState: Equatable {
    struct Client: Equatable {
        var id: String
        var status: FedLClientStatus
        /// Per gated layer, the units (full-network indices) it closed this round.
        var closed: [Set<Int>]
        var active: [Int]?
    }

    var round: Int
    /// Units per gated layer of the full network (inputs first).
    var widths: [Int]
    var deadBefore: [Set<Int>]
    var prunedNow: [Set<Int>]
    var clients: [Client]

    /// The state in the latest round whose clients reported their pruning; nil when the run
    /// carries none (Flower, or producers without `closed`).
    init?(_ run: RunHistory) {
        guard let latest = run.rounds.last(where: { r in r.clients.contains { $0.closed != nil } }),
              let widths = Self.widths(run), !widths.isEmpty
        else { return nil }
        let depth = widths.count
        var dead = [Set<Int>](repeating: [], count: depth)
        for r in run.rounds where r.round < latest.round {
            for (l, units) in (r.globalModel.pruned ?? []).enumerated() where l < depth { dead[l].formUnion(units) }
        }
        round = latest.round
        self.widths = widths
        deadBefore = dead
        prunedNow = (0..<depth).map { l in Set((latest.globalModel.pruned ?? []).indices.contains(l) ? latest.globalModel.pruned?[l] ?? [] : []) }
        clients = latest.clients.sorted { FedLSelector.order($0.id, $1.id) }.map { c in
            Client(id: c.id, status: c.effectiveStatus,
                   closed: (0..<depth).map { l in Set((c.closed ?? []).indices.contains(l) ? c.closed?[l] ?? [] : []) },
                   active: c.active)
        }
    }

    /// The full network's gated widths: from the run's model name ("mlp-784-300-100-10"), else
    /// from the first round (live units plus those pruned in it).
    static func widths(_ run: RunHistory) -> [Int]? {
        let named = (run.start?.model ?? "").split(separator: "-").compactMap { Int($0) }
        if named.count >= 2 { return Array(named.dropLast()) }
        guard let first = run.rounds.first, let active = first.globalModel.active else { return nil }
        return active.enumerated().map { l, n in n + ((first.globalModel.pruned ?? []).indices.contains(l) ? first.globalModel.pruned?[l].count ?? 0 : 0) }
    }

    /// How much the answering clients agree on what they closed: |∩| / |∪| over all layers,
    /// nil when fewer than two answered or none closed anything.
    var agreement: (shared: Int, any: Int, fraction: Double)? {
        let answered = clients.filter { $0.status == .answered }
        guard answered.count >= 2 else { return nil }
        var shared = 0, any = 0
        for l in widths.indices {
            let sets = answered.map { $0.closed[l] }
            let union = sets.reduce(Set<Int>()) { $0.union($1) }
            let intersection = sets.dropFirst().reduce(sets[0]) { $0.intersection($1) }
            shared += intersection.count
            any += union.count
        }
        return any > 0 ? (shared, any, Double(shared) / Double(any)) : nil
    }
}
