import MarvelCore

/// Strategic merge patch as kube-apiserver applies it
/// (`application/strategic-merge-patch+json`): maps merge, lists with the
/// `merge` strategy merge item by item on their merge key (containers by
/// `name`, ports by `containerPort`), other lists are replaced, null deletes.
/// Directives: `$patch: replace|delete` on maps and list items,
/// `$setElementOrder/<list>`, `$retainKeys`, `$deleteFromPrimitiveList/<list>`.
/// Strategies and merge keys come from the schema, so every kind it knows is covered.
struct StrategicMergePatch {
    var schema: KubeSchema = .builtIn

    static let directive = "$patch"
    static let retainKeys = "$retainKeys"
    static let setElementOrderPrefix = "$setElementOrder/"
    static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/"

    /// The patched object. `gvk` picks the schema; an unknown kind merges without strategies.
    func apply(_ patch: JSONValue, to original: JSONValue, as gvk: GroupVersionKind) throws(PatchError) -> JSONValue {
        guard case .object(let p) = patch else { throw .badRequest("invalid JSON document") }
        let root: FieldType = schema.definition(for: gvk).map { .object($0.name) } ?? .any
        return .object(try mergeMap(original.objectValue, p, root))
    }

    // MARK: schema lookups

    /// The type, strategies and merge key of `key` inside a value of type `parent`.
    private func lookup(_ key: String, in parent: FieldType) -> (type: FieldType, strategies: [String], mergeKey: String?) {
        switch schema.resolved(parent) {
        case .object(let name):
            guard let field = schema.definitions[name]?.field(key) else { return (.any, [], nil) }
            return (field.type, field.patchStrategies, field.patchMergeKey)
        case .map(let element):
            return (element, [], nil)
        default:
            return (.any, [], nil)
        }
    }

    private func elementType(_ type: FieldType) -> FieldType {
        if case .array(let e) = schema.resolved(type) { return e }
        return .any
    }

    /// The patch strategy other than retainKeys (`merge`, `replace` or none).
    private func strategy(_ strategies: [String]) -> String {
        strategies.first { $0 != "retainKeys" } ?? ""
    }

    // MARK: maps

    private func mergeMap(_ originalIn: JSONObject?, _ patchIn: JSONObject, _ type: FieldType) throws(PatchError)
        -> JSONObject
    {
        var patch = patchIn
        if let d = patch[Self.directive] {
            switch d {
            case "replace":
                patch[Self.directive] = nil
                return patch
            case "delete":
                return JSONObject()
            default:
                throw .badPatchType(d, .object(patch))
            }
        }
        var original = originalIn ?? JSONObject()
        try applyRetainKeys(&original, &patch)
        try mergeSetElementOrder(&original, &patch, type)

        for m in patch {
            var key = m.key
            var isDeleteList = false
            if key.hasPrefix(Self.deleteFromPrimitiveListPrefix) {
                key = String(key.dropFirst(Self.deleteFromPrimitiveListPrefix.count))
                isDeleteList = true
                if key.isEmpty || key.contains("/") { throw .badPatchFormatForPrimitiveList }
            }
            let patchValue = m.value
            if patchValue.isNull {
                original[key] = nil
                continue
            }
            guard let current = original[key] else {
                if !isDeleteList { setWithoutDirectives(&original, key, Self.discardingNulls(patchValue)) }
                continue
            }
            switch (current, patchValue) {
            case (.object(let o), .object(let p)):
                let (sub, strategies, _) = lookup(key, in: type)
                original[key] = strategy(strategies) == "replace" ? patchValue : .object(try mergeMap(o, p, sub))
            case (.array(let o), .array(let p)):
                let (sub, strategies, mergeKey) = lookup(key, in: type)
                original[key] = .array(
                    try mergeSliceHandler(o, p, elementType(sub), strategy(strategies), mergeKey, isDeleteList: isDeleteList))
            default:
                if isDeleteList { continue }
                if Self.sameKind(current, patchValue) {
                    setWithoutDirectives(&original, key, patchValue)
                } else {
                    setWithoutDirectives(&original, key, Self.discardingNulls(patchValue))
                }
            }
        }
        return original
    }

    /// `$retainKeys`: every key the patch sets must be listed; keys of the original not listed go.
    private func applyRetainKeys(_ original: inout JSONObject, _ patch: inout JSONObject) throws(PatchError) {
        guard let retain = patch[Self.retainKeys] else { return }
        patch[Self.retainKeys] = nil
        guard case .array(let listed) = retain else { throw .badPatchFormatForRetainKeys }
        let keys = Set(listed.compactMap(\.stringValue))
        for m in patch where !m.value.isNull {
            if m.key.hasPrefix(Self.deleteFromPrimitiveListPrefix) || m.key.hasPrefix(Self.setElementOrderPrefix) { continue }
            if !keys.contains(m.key) { throw .badPatchFormatForRetainKeys }
        }
        for key in original.keys where !keys.contains(key) { original[key] = nil }
    }

    /// `$setElementOrder/<list>`: merges that list now and orders it as the directive says.
    private func mergeSetElementOrder(_ original: inout JSONObject, _ patch: inout JSONObject, _ type: FieldType)
        throws(PatchError)
    {
        for key in patch.keys where key.hasPrefix(Self.setElementOrderPrefix) {
            let orderValue = patch[key] ?? .null
            patch[key] = nil
            guard case .array(let order) = orderValue else { throw .badPatchFormatForSetElementOrderList }
            let listKey = String(key.dropFirst(Self.setElementOrderPrefix.count))
            if listKey.isEmpty || listKey.contains("/") { throw .badPatchFormatForSetElementOrderList }
            let originalList = original[listKey]
            let patchList = patch[listKey]
            if let originalList, originalList.arrayValue == nil { throw .unclassified("expected a []interface {}, but received a \(GoValueText.typeName(originalList))") }
            if let patchList, patchList.arrayValue == nil { throw .unclassified("expected a []interface {}, but received a \(GoValueText.typeName(patchList))") }
            let (sub, strategies, mergeKey) = lookup(listKey, in: type)
            try Self.validate(patchList?.arrayValue ?? [], against: order, mergeKey: mergeKey ?? "")

            let merged: [JSONValue]
            switch (originalList?.arrayValue, patchList?.arrayValue) {
            case (let o?, nil): merged = o
            case (nil, let p?): merged = Self.removingDirectives(.array(p))?.arrayValue ?? []
            case (let o?, let p?):
                merged = try mergeSliceHandler(o, p, elementType(sub), strategy(strategies), mergeKey, isDeleteList: false)
            case (nil, nil): continue
            }
            let isMap = try Self.elementsAreMaps(originalList?.arrayValue ?? [], patchList?.arrayValue ?? [])
            let key = isMap ? (mergeKey ?? "") : ""
            let (patchItems, serverOnly) = try Self.partition(merged, by: order, mergeKey: key)
            original[listKey] = .array(
                try Self.normalizeOrder(patchItems, serverOnly, patchOrder: order, serverOrder: originalList?.arrayValue ?? [], mergeKey: key))
            patch[listKey] = nil
        }
    }

    // MARK: lists

    private func mergeSliceHandler(
        _ original: [JSONValue], _ patch: [JSONValue], _ element: FieldType, _ strategy: String, _ mergeKey: String?,
        isDeleteList: Bool
    ) throws(PatchError) -> [JSONValue] {
        guard strategy == "merge" || isDeleteList else { return patch }
        return try mergeSlice(original, patch, element, mergeKey ?? "", isDeleteList: isDeleteList)
    }

    private func mergeSlice(
        _ originalIn: [JSONValue], _ patchIn: [JSONValue], _ element: FieldType, _ mergeKey: String, isDeleteList: Bool
    ) throws(PatchError) -> [JSONValue] {
        if originalIn.isEmpty && patchIn.isEmpty { return originalIn }
        var original = originalIn
        var patch = patchIn
        let isMap = try Self.elementsAreMaps(original, patch)
        let merged: [JSONValue]
        if !isMap {
            if isDeleteList { return original.filter { !patch.contains($0) } }
            var seen: [JSONValue] = []
            for v in original + patch where !seen.contains(v) { seen.append(v) }
            merged = seen
        } else {
            if mergeKey.isEmpty {
                throw .unclassified("cannot merge lists without merge key for \(Self.goName(element, schema))")
            }
            (original, patch) = try Self.specialElements(original, patch, mergeKey)
            var result = original
            for item in patch {
                guard let value = item[mergeKey] else { throw .noMergeKey(item, mergeKey) }
                if let i = try Self.index(of: value, in: result, mergeKey: mergeKey) {
                    result[i] = .object(try mergeMap(result[i].objectValue, item.objectValue ?? [:], element))
                } else {
                    result.append(item)
                }
            }
            merged = result
        }
        let key = isMap ? mergeKey : ""
        let (patchItems, serverOnly) = try Self.partition(merged, by: patch, mergeKey: key)
        return try Self.normalizeOrder(patchItems, serverOnly, patchOrder: patch, serverOrder: original, mergeKey: key)
    }

    /// Items with `$patch: delete` remove their match from the original; `$patch: replace`
    /// makes the rest of the patch list the whole list.
    private static func specialElements(_ originalIn: [JSONValue], _ patch: [JSONValue], _ mergeKey: String)
        throws(PatchError) -> ([JSONValue], [JSONValue])
    {
        var original = originalIn
        var plain: [JSONValue] = []
        var replace = false
        for item in patch {
            guard let d = item[directive] else {
                plain.append(item)
                continue
            }
            switch d {
            case "delete":
                guard let value = item[mergeKey] else { throw .noMergeKey(item, mergeKey) }
                original.removeAll { $0[mergeKey] == value }
            case "replace":
                replace = true
            case "merge":
                throw .unclassified("merging lists cannot yet be specified in the patch")
            default:
                throw .badPatchType(d, item)
            }
        }
        return replace ? (plain, []) : (original, plain)
    }

    // MARK: ordering

    /// Splits `merged` into the items the patch (or order list) names and the server-only ones.
    private static func partition(_ merged: [JSONValue], by list: [JSONValue], mergeKey: String) throws(PatchError)
        -> ([JSONValue], [JSONValue])
    {
        var inPatch: [JSONValue] = []
        var serverOnly: [JSONValue] = []
        for item in merged {
            let found: Bool
            if mergeKey.isEmpty {
                found = list.contains(item)
            } else {
                guard item.objectValue != nil else {
                    throw .unclassified("expected a map[string]interface {}, but received a \(GoValueText.typeName(item))")
                }
                guard let value = item[mergeKey] else { throw PatchError.noMergeKey(item, mergeKey) }
                found = try index(of: value, in: list, mergeKey: mergeKey) != nil
            }
            if found { inPatch.append(item) } else { serverOnly.append(item) }
        }
        return (inPatch, serverOnly)
    }

    /// Patch items in the patch's order, server-only items in the server's order,
    /// interleaved where the server's order says a server item comes first.
    private static func normalizeOrder(
        _ patchItems: [JSONValue], _ serverOnly: [JSONValue], patchOrder: [JSONValue], serverOrder: [JSONValue],
        mergeKey: String
    ) throws(PatchError) -> [JSONValue] {
        let right = try sorted(patchItems, by: patchOrder, mergeKey: mergeKey)
        let left = try sorted(serverOnly, by: serverOrder, mergeKey: mergeKey)
        func position(_ v: JSONValue) -> Int? { Self.position(of: v, in: serverOrder, mergeKey: mergeKey) }
        var out: [JSONValue] = []
        var i = 0
        var j = 0
        while i < left.count || j < right.count {
            if i >= left.count {
                out.append(right[j]); j += 1
            } else if j >= right.count {
                out.append(left[i]); i += 1
            } else if let li = position(left[i]), let ri = position(right[j]), li < ri {
                out.append(left[i]); i += 1
            } else {
                out.append(right[j]); j += 1
            }
        }
        return out
    }

    /// Stable sort by position in `order`; `$patch: delete` items go last.
    private static func sorted(_ items: [JSONValue], by order: [JSONValue], mergeKey: String) throws(PatchError)
        -> [JSONValue]
    {
        var keep = items
        var deletes: [JSONValue] = []
        if !mergeKey.isEmpty {
            for item in items + order where item[mergeKey] == nil { throw PatchError.noMergeKey(item, mergeKey) }
            keep = items.filter { $0[directive] != "delete" }
            deletes = items.filter { $0[directive] == "delete" }
        }
        let ranked = keep.enumerated().map { (offset: $0.offset, item: $0.element, rank: position(of: $0.element, in: order, mergeKey: mergeKey)) }
        let sortedItems = ranked.sorted { a, b in
            if let ra = a.rank, let rb = b.rank, ra != rb { return ra < rb }
            return a.offset < b.offset
        }.map(\.item)
        return sortedItems + deletes
    }

    private static func position(of item: JSONValue, in list: [JSONValue], mergeKey: String) -> Int? {
        if mergeKey.isEmpty { return list.firstIndex(of: item) }
        let value = item[mergeKey]
        return list.firstIndex { $0[mergeKey] == value }
    }

    private static func index(of value: JSONValue, in list: [JSONValue], mergeKey: String) throws(PatchError) -> Int? {
        for (i, item) in list.enumerated() {
            guard item.objectValue != nil else { throw .unclassified("value for key \(i) is not a map") }
            if item[mergeKey] == value { return i }
        }
        return nil
    }

    // MARK: checks and clean-up

    /// Items of one list must all be maps or all scalars of one kind; no lists of lists.
    private static func elementsAreMaps(_ a: [JSONValue], _ b: [JSONValue]) throws(PatchError) -> Bool {
        var first: JSONValue?
        for v in a + b {
            guard let f = first else {
                if case .array = v { throw PatchError.noListOfLists }
                first = v
                continue
            }
            if !sameKind(f, v) {
                throw .unclassified("list element types are not identical: \(GoValueText.plain(.array(a))) \(GoValueText.plain(.array(b)))")
            }
        }
        guard let first else { throw .unclassified("no elements in any of the given slices") }
        return first.objectValue != nil
    }

    /// The Go types decoded JSON values have: map, slice, string, int64, float64, bool.
    static func sameKind(_ a: JSONValue, _ b: JSONValue) -> Bool {
        GoValueText.typeName(a) == GoValueText.typeName(b)
    }

    /// Every patch item appears in the `$setElementOrder` list, in the same relative order.
    private static func validate(_ patchList: [JSONValue], against order: [JSONValue], mergeKey: String) throws(PatchError) {
        if order.isEmpty || patchList.isEmpty { return }
        let items = mergeKey.isEmpty ? patchList : patchList.filter { $0[directive] != "delete" }
        var p = 0
        var o = 0
        while p < items.count && o < order.count {
            if items[p][directive] != nil {
                p += 1
                continue
            }
            let equal: Bool
            if mergeKey.isEmpty {
                equal = items[p] == order[o]
            } else {
                guard let a = items[p][mergeKey] else { throw PatchError.noMergeKey(items[p], mergeKey) }
                guard let b = order[o][mergeKey] else { throw PatchError.noMergeKey(order[o], mergeKey) }
                equal = a == b
            }
            if equal { p += 1 }
            o += 1
        }
        if p < items.count && o >= order.count {
            throw .unclassified(
                "The order in patch list:\n\(GoValueText.plain(.array(patchList)))\n doesn't match \(setElementOrderPrefix) list:\n\(GoValueText.plain(.array(order)))\n"
            )
        }
    }

    /// Sets a patch value taken whole, without maps that carry `$patch`.
    private func setWithoutDirectives(_ object: inout JSONObject, _ key: String, _ value: JSONValue) {
        object[key] = Self.removingDirectives(value)
    }

    /// removeDirectives: maps carrying `$patch` vanish (from objects and lists).
    static func removingDirectives(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .object(let o):
            if o[directive] != nil { return nil }
            var out = JSONObject()
            for m in o { if let v = removingDirectives(m.value) { out[m.key] = v } }
            return .object(out)
        case .array(let a):
            return .array(a.compactMap(removingDirectives))
        default:
            return value
        }
    }

    /// discardNullValuesFromPatch: a value added whole keeps no null members.
    static func discardingNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for m in o where !m.value.isNull { out[m.key] = discardingNulls(m.value) }
            return .object(out)
        case .array(let a):
            return .array(a.map(discardingNulls))
        default:
            return value
        }
    }

    private static func goName(_ type: FieldType, _ schema: KubeSchema) -> String {
        if case .object(let name) = schema.resolved(type) { return schema.definitions[name]?.goName ?? "Struct" }
        return "Struct"
    }
}
