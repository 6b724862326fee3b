import Foundation
import MarvelCore

/// `ReadWriteOnce` → `RWO`, as kubectl abbreviates access modes.
private func accessModes(_ value: JSONValue?) -> JSONValue {
    let short = ["ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"]
    return .string((value?.arrayValue ?? []).compactMap(\.stringValue).map { short[$0] ?? $0 }.joined(separator: ","))
}

/// `kubectl get pvc`: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE,
/// and with `-o wide` VOLUMEMODE.
struct PersistentVolumeClaimTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Status", description: "Phase represents the current phase of PersistentVolumeClaim."),
            TableColumn(name: "Volume", description: "The binding reference to the PersistentVolume backing this claim."),
            TableColumn(name: "Capacity", description: "The actual resources of the underlying volume."),
            TableColumn(name: "Access Modes", description: "The actual access modes the volume backing the PVC has."),
            TableColumn(name: "StorageClass", description: "StorageClass of the pvc"),
            TableColumn(name: "VolumeAttributesClass", description: "VolumeAttributesClass of the pvc"),
            .age,
            TableColumn(name: "VolumeMode", description: "What type of volume is required by the claim.", priority: 1),
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let phase = object.at("status", "phase")?.stringValue ?? "Pending"
        let bound = phase == "Bound"
        return [
            name(of: object), .string(phase), object.at("spec", "volumeName") ?? "",
            bound ? (object.at("status", "capacity", "storage") ?? "") : "",
            bound ? accessModes(object.at("status", "accessModes")) : "",
            object.at("spec", "storageClassName") ?? "",
            .string(object.at("spec", "volumeAttributesClassName")?.stringValue ?? "<unset>"), age(of: object, now: now),
            .string(object.at("spec", "volumeMode")?.stringValue ?? "Filesystem"),
        ]
    }
}

/// `kubectl get pv`: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS
/// VOLUMEATTRIBUTESCLASS REASON AGE, and with `-o wide` VOLUMEMODE.
struct PersistentVolumeTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Capacity", description: "Capacity is the description of the persistent volume's resources and capacity."),
            TableColumn(name: "Access Modes", description: "AccessModes contains all ways the volume can be mounted."),
            TableColumn(name: "Reclaim Policy", description: "What happens to a persistent volume when released from its claim."),
            TableColumn(name: "Status", description: "Phase indicates if a volume is available, bound to a claim, or released by a claim."),
            TableColumn(name: "Claim", description: "The claim the volume is bound to."),
            TableColumn(name: "StorageClass", description: "StorageClass of the pv"),
            TableColumn(name: "VolumeAttributesClass", description: "VolumeAttributesClass of the pv"),
            TableColumn(name: "Reason", description: "A brief CamelCase string that describes any failure."),
            .age,
            TableColumn(name: "VolumeMode", description: "What type of volume is required by the claim.", priority: 1),
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let ref = object.at("spec", "claimRef")
        let claim = ref.map { "\($0["namespace"]?.stringValue ?? "")/\($0["name"]?.stringValue ?? "")" } ?? ""
        return [
            name(of: object), object.at("spec", "capacity", "storage") ?? "", accessModes(object.at("spec", "accessModes")),
            object.at("spec", "persistentVolumeReclaimPolicy") ?? "Retain",
            .string(object.at("status", "phase")?.stringValue ?? "Pending"), .string(claim),
            object.at("spec", "storageClassName") ?? "",
            .string(object.at("spec", "volumeAttributesClassName")?.stringValue ?? "<unset>"),
            object.at("status", "reason") ?? "", age(of: object, now: now),
            .string(object.at("spec", "volumeMode")?.stringValue ?? "Filesystem"),
        ]
    }
}

/// `kubectl get storageclasses`: NAME (the default one marked) PROVISIONER RECLAIMPOLICY
/// VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE.
struct StorageClassTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Provisioner", description: "Provisioner indicates the type of the provisioner."),
            TableColumn(name: "ReclaimPolicy", description: "The reclaim policy dynamically provisioned volumes get."),
            TableColumn(name: "VolumeBindingMode", description: "When volumes are provisioned and bound."),
            TableColumn(name: "AllowVolumeExpansion", description: "Whether the storage class allows volume expand."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let isDefault = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"]
            .contains { object.at("metadata", "annotations", $0)?.stringValue == "true" }
        return [
            .string((object.at("metadata", "name")?.stringValue ?? "") + (isDefault ? " (default)" : "")),
            object["provisioner"] ?? "", object["reclaimPolicy"] ?? "Delete", object["volumeBindingMode"] ?? "Immediate",
            .string(String(object["allowVolumeExpansion"]?.boolValue ?? false)), age(of: object, now: now),
        ]
    }
}
