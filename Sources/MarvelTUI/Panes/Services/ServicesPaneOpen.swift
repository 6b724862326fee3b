/// Opening an instance from the `:` command line (`:services NAME`, `:logs NAME`).
extension ServicesPane {
    /// Opens the detail (or, with `logs`, the logs view) of the instance named `name`;
    /// false when the list has no such instance.
    public mutating func open(instanceNamed name: String, logs: Bool, context: PaneContext) -> Bool {
        update(context)
        guard hasBackend, let status = services.statuses.first(where: { $0.instance.name == name }) else { return false }
        let key = InstanceKey(status.instance)
        selected = key
        if let index = shown.firstIndex(where: { InstanceKey($0.instance) == key }) { table.state.selection = index }
        view = backToDetail(key, context: context)
        if logs { _ = handleAction(.char("l"), on: key, context: context) }
        return true
    }
}
