/// A federated run that cannot start or continue, or a message a peer sent that cannot be
/// used: one line naming the setting, the client or the tensor, and what to do.
public struct FedLError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
