import ArgumentParser
import Foundation

/// How a command finds its cluster: kubeconfig rules, or the embedded cluster.
struct ClusterOptions: ParsableArguments {
    @Flag(name: .long, help: "Use the embedded cluster (a simulated MARVEL edge–fog–cloud cluster in this process).")
    var demo = false

    @Option(name: .long, help: ArgumentHelp("The kubeconfig file to use (default: $KUBECONFIG, then ~/.kube/config).", valueName: "file"))
    var kubeconfig: String?

    @Option(name: .long, help: ArgumentHelp("The kubeconfig context to use (default: its current-context).", valueName: "name"))
    var context: String?

    @Option(name: [.short, .long], help: ArgumentHelp("The namespace (default: the context's, else 'default').", valueName: "name"))
    var namespace: String?

    @Option(
        name: .customLong("request-timeout"),
        help: ArgumentHelp("How long a read may take before it fails, e.g. 5s, 30s, 2m; 0 waits forever (default: 5s, or api.requestTimeout in config.yaml).", valueName: "duration"))
    var requestTimeout: String?

    func validate() throws {
        if demo && (kubeconfig != nil || context != nil) {
            throw ValidationError("--demo uses the embedded cluster; drop --kubeconfig/--context or drop --demo")
        }
        if let requestTimeout, Self.seconds(requestTimeout) == nil {
            throw ValidationError("--request-timeout '\(requestTimeout)' is not a duration; use e.g. 5s, 30s, 2m or 0")
        }
    }

    /// `--request-timeout` in seconds (nil when not given).
    var requestTimeoutSeconds: Double? { requestTimeout.flatMap(Self.seconds) }

    /// Seconds of a kubectl-style duration: "5", "5s", "1.5s", "2m", "1h", "0".
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var number = Substring(trimmed)
        var scale = 1.0
        if let unit = trimmed.last, "smh".contains(unit) {
            number = trimmed.dropLast()
            scale = unit == "s" ? 1 : (unit == "m" ? 60 : 3600)
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * scale <= 86_400 else { return nil }
        return value * scale
    }
}
