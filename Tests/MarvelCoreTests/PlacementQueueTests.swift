import MarvelCore
import Testing

/// The decision queue makes the choices a full scan makes: a node of the best score
/// (the scan draws among tied nodes, the queue takes the first; both bind the queue's choice).
@Suite struct PlacementQueueTests {
    @Test(arguments: [PlacementPolicy.spread, .pack, .balanced, .edgeFirst])
    func queueMatchesTheFullScan(policy: PlacementPolicy) {
        for seed in 1...20 {
            let (base, plan) = RandomPlanInstances.make(seed: UInt64(seed) &* 31, maxNodes: 12, maxComponents: 3)
            var scanned = base
            var queued = base
            for component in plan {
                var small = component.requirement
                small.pod.requests = ["cpu": Quantity(milli: 300), "memory": Quantity(value: 256 << 20)]
                let compiled = CompiledComponent(small, policy: policy, snapshot: base)
                var queue = DecisionQueue(compiled)
                for step in 0..<40 {
                    let expected = compiled.best(scanned)
                    let got = queue.placeNext(in: &queued)
                    #expect((got == nil) == (expected == nil), "seed \(seed) step \(step)")
                    if let got, let expected {
                        #expect(compiled.total(got, scanned) == compiled.total(expected, scanned), "seed \(seed) step \(step)")
                        scanned.bind(compiled.demand, to: got)
                    }
                    if step == 20, let other = expected {
                        // Someone else binds a pod: the queue notices and rescans.
                        scanned.bind(compiled.demand, to: other)
                        queued.bind(compiled.demand, to: other)
                    }
                    if expected == nil { break }
                }
            }
        }
    }
}
