import Testing

/// The one-line description of the error `body` throws. Records an issue (and
/// returns "") when it throws nothing, so callers only check the text.
func thrownErrorText(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> String {
    do {
        try body()
    } catch {
        return String(describing: error)
    }
    Issue.record("expected an error", sourceLocation: sourceLocation)
    return ""
}
