/// The Volumes section of a pod (or pod template) description in kubectl's
/// layout: each volume by name with its Type and the fields that say where
/// its data comes from; "Volumes:  <none>" when there are none.
enum PodVolumes {
    static func describe(_ volumes: JSONValue?, into out: inout DescriptionWriter) {
        let list = volumes?.arrayValue ?? []
        guard !list.isEmpty else {
            out.field("Volumes", "<none>")
            return
        }
        out.section("Volumes") { out in
            for volume in list {
                out.section(volume["name"]?.stringValue ?? "") { out in
                    source(of: volume, into: &out)
                }
            }
        }
    }

    /// Type and key fields of one volume's source.
    private static func source(of volume: JSONValue, into out: inout DescriptionWriter) {
        func text(_ v: JSONValue?, _ fallback: String = "") -> String {
            guard let v else { return fallback }
            if let s = v.stringValue { return s }
            if let b = v.boolValue { return b ? "true" : "false" }
            if let i = v.intValue { return String(i) }
            return v.jsonString()
        }
        func flag(_ v: JSONValue?) -> String { v?.boolValue == true ? "true" : "false" }
        if let claim = volume["persistentVolumeClaim"] {
            out.field("Type", "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)")
            out.field("ClaimName", text(claim["claimName"]))
            out.field("ReadOnly", flag(claim["readOnly"]))
        } else if let map = volume["configMap"] {
            out.field("Type", "ConfigMap (a volume populated by a ConfigMap)")
            out.field("Name", text(map["name"]))
            out.field("Optional", flag(map["optional"]))
        } else if let secret = volume["secret"] {
            out.field("Type", "Secret (a volume populated by a Secret)")
            out.field("SecretName", text(secret["secretName"]))
            out.field("Optional", flag(secret["optional"]))
        } else if let dir = volume["emptyDir"] {
            out.field("Type", "EmptyDir (a temporary directory that shares a pod's lifetime)")
            out.field("Medium", text(dir["medium"]))
            out.field("SizeLimit", text(dir["sizeLimit"], "<unset>"))
        } else if let host = volume["hostPath"] {
            out.field("Type", "HostPath (bare host directory volume)")
            out.field("Path", text(host["path"]))
            out.field("HostPathType", text(host["type"]))
        } else if let projected = volume["projected"] {
            out.field("Type", "Projected (a volume that contains injected data from multiple sources)")
            for source in projected["sources"]?.arrayValue ?? [] {
                if let token = source["serviceAccountToken"] {
                    out.field("TokenExpirationSeconds", text(token["expirationSeconds"], "3600"))
                } else if let map = source["configMap"] {
                    out.field("ConfigMapName", text(map["name"]))
                    out.field("ConfigMapOptional", map["optional"].map { flag($0) } ?? "<nil>")
                } else if let secret = source["secret"] {
                    out.field("SecretName", text(secret["name"]))
                    out.field("SecretOptional", secret["optional"].map { flag($0) } ?? "<nil>")
                } else if source["downwardAPI"] != nil {
                    out.field("DownwardAPI", "true")
                }
            }
        } else if let nfs = volume["nfs"] {
            out.field("Type", "NFS (an NFS mount that lasts the lifetime of a pod)")
            out.field("Server", text(nfs["server"]))
            out.field("Path", text(nfs["path"]))
            out.field("ReadOnly", flag(nfs["readOnly"]))
        } else if volume["downwardAPI"] != nil {
            out.field("Type", "DownwardAPI (a volume populated by information about the pod)")
            let items = (volume.at("downwardAPI", "items")?.arrayValue ?? []).map { item in
                "\(text(item.at("fieldRef", "fieldPath") ?? item.at("resourceFieldRef", "resource"))) -> \(text(item["path"]))"
            }
            out.field("Items", items.isEmpty ? "<none>" : items.joined(separator: ", "))
        } else if let csi = volume["csi"] {
            out.field("Type", "CSI (a Container Storage Interface (CSI) volume source)")
            out.field("Driver", text(csi["driver"]))
            out.field("FSType", text(csi["fsType"]))
            out.field("ReadOnly", flag(csi["readOnly"]))
        } else if let ephemeral = volume["ephemeral"] {
            out.field("Type", "EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)")
            out.field("StorageClass", text(ephemeral.at("volumeClaimTemplate", "spec", "storageClassName"), "<unset>"))
            out.field("Volume", text(ephemeral.at("volumeClaimTemplate", "spec", "volumeName")))
        } else {
            let kind = volume.objectValue?.members.map(\.key).first { $0 != "name" } ?? "unknown"
            out.field("Type", kind + " (a volume source marvdash does not describe further)")
        }
    }
}
