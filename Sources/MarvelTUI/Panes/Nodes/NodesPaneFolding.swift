/// Folding a layer of the Nodes pane: Space (or Enter on a folded heading)
/// hides a layer's nodes under its heading (▶) and shows them again (▼).
extension NodesPane {
    /// Folds the layer of the selected node, or unfolds the folded layer under the cursor.
    mutating func toggleFold(context: PaneContext) -> Bool {
        guard let index = table.state.selection, rowLayers.indices.contains(index), let layer = rowLayers[index] else { return true }
        if folded.contains(layer) {
            folded.remove(layer)
            selectedFold = nil
            // The cursor goes to the layer's first node, if the filter left it any.
            selectedName = inventory?.groups.first { $0.layer == layer }?.rows.first?.name
        } else {
            folded.insert(layer)
            selectedName = nil
            selectedFold = layer
        }
        builtGeneration = nil
        update(context)
        return true
    }
}
