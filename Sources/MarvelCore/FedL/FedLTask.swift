/// The server's answer to a client's task poll (`GET /v1/task`).
public struct FedLTask: Sendable, Equatable {
    public enum Action: String, Sendable {
        /// Train on the round's global model and send the result.
        case fit
        /// Nothing to do now; poll again.
        case wait
        /// The run is over; the client may exit.
        case done
    }

    public var action: Action
    public var round: Int
    public var rounds: Int
    /// Local epochs to train (fit).
    public var epochs: Int
    /// Tensors of the round's model to download (fit).
    public var tensors: [String]
    /// Seconds left until the round's deadline (fit).
    public var deadlineSeconds: Double?
    /// Why a client waits ("not asked this round", "waiting for 2 clients").
    public var reason: String?

    public init(action: Action, round: Int, rounds: Int, epochs: Int = 0, tensors: [String] = [],
                deadlineSeconds: Double? = nil, reason: String? = nil) {
        self.action = action
        self.round = round
        self.rounds = rounds
        self.epochs = epochs
        self.tensors = tensors
        self.deadlineSeconds = deadlineSeconds
        self.reason = reason
    }

    public var json: JSONObject {
        var o: JSONObject = ["action": .string(action.rawValue), "round": .int(round), "rounds": .int(rounds)]
        if action == .fit {
            o["epochs"] = .int(epochs)
            o["tensors"] = .array(tensors.map { .string($0) })
        }
        if let d = deadlineSeconds { o["deadline_seconds"] = .double(d) }
        if let reason { o["reason"] = .string(reason) }
        return o
    }

    public init(json: JSONObject) throws(FedLError) {
        guard let action = json["action"]?.stringValue.flatMap(Action.init(rawValue:)), let round = json["round"]?.intValue,
              let rounds = json["rounds"]?.intValue
        else { throw FedLError("the server's task is not {action, round, rounds}: \(JSONValue.object(json).jsonString())") }
        let tensors = json["tensors"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if action == .fit, tensors.isEmpty { throw FedLError("the server's fit task for round \(round) names no tensors") }
        self.init(action: action, round: round, rounds: rounds, epochs: json["epochs"]?.intValue ?? 1, tensors: tensors,
                  deadlineSeconds: json["deadline_seconds"]?.doubleValue, reason: json["reason"]?.stringValue)
    }
}

/// A refused request: the HTTP status and one line saying why and what to do.
public struct FedLProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
