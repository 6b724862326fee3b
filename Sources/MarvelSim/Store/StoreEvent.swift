import MarvelCore

/// What a write did to an object, in the shape of a watch event type.
public enum StoreEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
}

/// One entry of the store's change log: the object as it was after the
/// write (for deletes, as it was when deleted, with the delete's RV).
public struct StoreEvent: Sendable {
    public var type: StoreEventType
    public var resource: String
    public var resourceVersion: Int
    public var object: JSONValue

    public init(type: StoreEventType, resource: String, resourceVersion: Int, object: JSONValue) {
        self.type = type
        self.resource = resource
        self.resourceVersion = resourceVersion
        self.object = object
    }
}
