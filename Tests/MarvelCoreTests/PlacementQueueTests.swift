import MarvelCore
import Testing

/// The decision queue makes exactly the choices a full scan makes.
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
                    if let expected { scanned.bind(compiled.demand, to: expected) }
                    let got = queue.placeNext(in: &queued)
                    #expect(got == expected, "seed \(seed) step \(step)")
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
