import Foundation

/// Polls `condition` until it holds, for at most `seconds` (a generous deadline for a
/// condition, never a timing); false if it never held.
func eventually(_ seconds: Double = 30, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}
