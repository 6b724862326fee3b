import Foundation

/// How a chart places its y values: linear, or log10 (values ≤ 0 are left out).
public enum ChartScale: Sendable, Equatable {
    case linear, log
}

/// Which points set a chart's y range.
public enum ChartYFit: Sendable, Equatable {
    /// Every point (and the chart's fixed range).
    case full
    /// Every point but each series' first when it has three or more: the
    /// epoch-1 spike of an error or loss curve no longer flattens the rest.
    /// Points outside the range are clipped and marked `▲` / `▼`.
    case afterFirst
}

/// Tick positions of a chart axis: "nice" steps of 1, 2 or 5 × 10ⁿ.
enum ChartTicks {
    /// A nice step close to `span / count`.
    static func niceStep(_ span: Double, count: Int) -> Double {
        guard span.isFinite, span > 0, count > 0 else { return 1 }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// `range` widened to multiples of `step`.
    static func rounded(_ range: ClosedRange<Double>, step: Double) -> ClosedRange<Double> {
        guard step > 0 else { return range }
        let lo = (range.lowerBound / step).rounded(.down) * step
        let hi = (range.upperBound / step).rounded(.up) * step
        return lo < hi ? lo...hi : range
    }

    /// The multiples of `step` inside `range` (at most 200).
    static func multiples(of step: Double, in range: ClosedRange<Double>) -> [Double] {
        guard step > 0, range.upperBound.isFinite, range.lowerBound.isFinite else { return [] }
        var out: [Double] = []
        var k = (range.lowerBound / step - 1e-9).rounded(.up)
        while k * step <= range.upperBound + step * 1e-9, out.count < 200 {
            out.append(k * step)
            k += 1
        }
        return out
    }
}
