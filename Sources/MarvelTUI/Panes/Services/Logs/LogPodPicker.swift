import MarvelCore

/// What the logs view can follow: all pods, one pod, or one container of a
/// pod that has several. Offered when an instance has more than one stream.
public struct LogChoice: Sendable, Hashable {
    public var label: String
    public var pod: String?
    public var container: String?

    /// The choices for an instance's pods (names in natural order) and their containers.
    public static func choices(pods: [(name: String, containers: [String])]) -> [LogChoice] {
        var out: [LogChoice] = []
        if pods.count > 1 { out.append(LogChoice(label: "all \(pods.count) pods (each pod's default container)", pod: nil, container: nil)) }
        for pod in pods {
            if pod.containers.count > 1 {
                out.append(LogChoice(label: "\(pod.name) (default container)", pod: pod.name, container: nil))
                out += pod.containers.map { LogChoice(label: "\(pod.name) / \($0)", pod: pod.name, container: $0) }
            } else {
                out.append(LogChoice(label: pod.name, pod: pod.name, container: nil))
            }
        }
        return out
    }
}

/// The picker the logs view shows to choose a pod and container.
struct LogPodPicker: Sendable {
    var choices: [LogChoice]
    var selection: Int

    /// The picker with the choice matching `pod`/`container` selected.
    init(choices: [LogChoice], pod: String?, container: String?) {
        self.choices = choices
        selection = choices.firstIndex { $0.pod == pod && $0.container == container } ?? 0
    }

    enum Outcome { case open, chosen(LogChoice), cancelled }

    mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .down, .char("j"): selection = min(choices.count - 1, selection + 1)
        case .up, .char("k"): selection = max(0, selection - 1)
        case .home, .char("g"): selection = 0
        case .end, .char("G"): selection = max(0, choices.count - 1)
        case .enter: return choices.indices.contains(selection) ? .chosen(choices[selection]) : .cancelled
        case .escape, .char("q"): return .cancelled
        default: break
        }
        return .open
    }

    func lines() -> [StyledLine] {
        [StyledLine("Follow which pod and container? j/k move, Enter follows, Esc cancels", TextStyle(.statusWarn, bold: true))]
            + choices.enumerated().map { i, choice in
                StyledLine((i == selection ? " › " : "   ") + choice.label, TextStyle(i == selection ? .selection : .normal, bold: i == selection))
            }
    }
}
