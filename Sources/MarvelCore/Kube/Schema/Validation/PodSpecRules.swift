/// ValidatePodSpec: volumes, containers, restart and DNS policies, node
/// selector, names, tolerations and the affinity marvdash's placer writes.
extension ValidationRun {
    static let protocols = ["SCTP", "TCP", "UDP"]
    static let taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]

    /// ValidatePodTemplateSpec: template labels and annotations, then the pod spec.
    func podTemplate(_ template: JSONValue?, _ path: FieldPath, claimTemplateNames: Set<String> = []) {
        guard let template else {
            add(.required(path))
            return
        }
        templateMeta(template["metadata"], path.child("metadata"))
        podSpec(template["spec"], path.child("spec"), claimTemplateNames: claimTemplateNames)
    }

    /// `claimTemplateNames`: a StatefulSet's volumeClaimTemplates, which its containers may mount as volumes.
    func podSpec(_ spec: JSONValue?, _ path: FieldPath, claimTemplateNames: Set<String> = []) {
        let volumeNames = volumes(array(spec?["volumes"]), path.child("volumes")).union(claimTemplateNames)
        let containers = array(spec?["containers"])
        var names = Set<String>()
        if containers.isEmpty {
            add(.required(path.child("containers")))
        } else {
            for (i, c) in containers.enumerated() {
                container(c, volumeNames, path.child("containers").index(i), names: &names)
            }
        }
        for (i, c) in array(spec?["initContainers"]).enumerated() {
            container(c, volumeNames, path.child("initContainers").index(i), names: &names)
        }
        oneOf(spec?["restartPolicy"], ["Always", "OnFailure", "Never"], path.child("restartPolicy"))
        oneOf(spec?["dnsPolicy"], ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"], path.child("dnsPolicy"))
        labels(object(spec?["nodeSelector"]), path.child("nodeSelector"))
        for (i, secret) in array(spec?["imagePullSecrets"]).enumerated() where string(secret["name"]).isEmpty {
            add(.required(path.child("imagePullSecrets").index(i).child("name")))
        }
        affinity(spec?["affinity"], path.child("affinity"))
        let serviceAccount = string(spec?["serviceAccountName"])
        if !serviceAccount.isEmpty {
            invalid(serviceAccount, path.child("serviceAccountName"), NameRules.dns1123Subdomain(serviceAccount))
        }
        let nodeName = string(spec?["nodeName"])
        if !nodeName.isEmpty { invalid(nodeName, path.child("nodeName"), NameRules.dns1123Subdomain(nodeName)) }
        if let deadline = spec?["activeDeadlineSeconds"], let n = deadline.intValue, n < 1 || n > Int(Int32.max) {
            add(.invalid(path.child("activeDeadlineSeconds"), deadline, "must be between 1 and 2147483647, inclusive"))
        }
        let hostname = string(spec?["hostname"])
        if !hostname.isEmpty { invalid(hostname, path.child("hostname"), NameRules.dns1123Label(hostname)) }
        let subdomain = string(spec?["subdomain"])
        if !subdomain.isEmpty { invalid(subdomain, path.child("subdomain"), NameRules.dns1123Label(subdomain)) }
        tolerations(array(spec?["tolerations"]), path.child("tolerations"))
        nonNegative(spec?["terminationGracePeriodSeconds"], path.child("terminationGracePeriodSeconds"))
    }

    /// ValidateVolumes: unique DNS-label names and exactly one volume source each. Returns the names.
    func volumes(_ volumes: [JSONValue], _ path: FieldPath) -> Set<String> {
        var names = Set<String>()
        for (i, v) in volumes.enumerated() {
            let p = path.index(i)
            let name = string(v["name"])
            if name.isEmpty {
                add(.required(p.child("name")))
            } else {
                invalid(name, p.child("name"), NameRules.dns1123Label(name))
                if names.contains(name) { add(.duplicate(p.child("name"), .string(name))) }
            }
            names.insert(name)
            let sources = object(v).keys.filter { $0 != "name" }
            if sources.isEmpty {
                add(.required(p, "must specify a volume type"))
            } else if sources.count > 1 {
                add(.forbidden(p.child(sources[1]), "may not specify more than 1 volume type"))
            }
        }
        return names
    }

    /// ValidateTolerations.
    func tolerations(_ tolerations: [JSONValue], _ path: FieldPath) {
        for (i, t) in tolerations.enumerated() {
            let p = path.index(i)
            let key = string(t["key"])
            let op = string(t["operator"])
            let effect = string(t["effect"])
            if !key.isEmpty { invalid(key, p.child("key"), NameRules.qualifiedName(key)) }
            if key.isEmpty && op != "Exists" {
                add(
                    .invalid(
                        p.child("operator"), .string(op),
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
            }
            if t["tolerationSeconds"] != nil && effect != "NoExecute" {
                add(.invalid(p.child("effect"), .string(effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"))
            }
            switch op {
            case "Equal", "":
                let value = string(t["value"])
                invalid(value, p.child("operator"), NameRules.labelValue(value))
            case "Exists":
                if !string(t["value"]).isEmpty {
                    add(
                        FieldError(
                            kind: .invalid, field: p.child("operator"), badValue: tolerationGoSyntax(t),
                            detail: "value must be empty when `operator` is 'Exists'"))
                }
            default:
                add(.notSupported(p.child("operator"), .string(op), ["Equal", "Exists"]))
            }
            if !effect.isEmpty, !Self.taintEffects.contains(effect) {
                add(.notSupported(p.child("effect"), .string(effect), Self.taintEffects))
            }
        }
    }

    private func tolerationGoSyntax(_ t: JSONValue) -> String {
        let seconds = t["tolerationSeconds"]?.intValue.map { "(*int64)(\($0))" } ?? "(*int64)(nil)"
        return "core.Toleration{Key:\(GoValueText.quoted(string(t["key"]))), "
            + "Operator:\(GoValueText.quoted(string(t["operator"]))), Value:\(GoValueText.quoted(string(t["value"]))), "
            + "Effect:\(GoValueText.quoted(string(t["effect"]))), TolerationSeconds:\(seconds)}"
    }

    /// Node affinity's selector terms: operators and their values.
    func affinity(_ affinity: JSONValue?, _ path: FieldPath) {
        guard let nodeAffinity = affinity?["nodeAffinity"] else { return }
        let requiredPath = path.child("nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution")
        if let required = nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] {
            let terms = array(required["nodeSelectorTerms"])
            if terms.isEmpty { add(.required(requiredPath.child("nodeSelectorTerms"), "must have at least one node selector term")) }
            for (i, term) in terms.enumerated() {
                nodeSelectorTerm(term, requiredPath.child("nodeSelectorTerms").index(i))
            }
        }
        for (i, preferred) in array(nodeAffinity["preferredDuringSchedulingIgnoredDuringExecution"]).enumerated() {
            let p = path.child("nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution").index(i)
            if let weight = preferred["weight"], let w = weight.intValue, !(1...100).contains(w) {
                add(.invalid(p.child("weight"), weight, "must be in the range 1-100"))
            }
            nodeSelectorTerm(preferred["preference"] ?? [:], p.child("preference"))
        }
    }

    private func nodeSelectorTerm(_ term: JSONValue, _ path: FieldPath) {
        for field in ["matchExpressions", "matchFields"] {
            for (i, r) in array(term[field]).enumerated() {
                let p = path.child(field).index(i)
                let values = array(r["values"])
                let op = string(r["operator"])
                switch op {
                case "In", "NotIn":
                    if values.isEmpty { add(.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'")) }
                case "Exists", "DoesNotExist":
                    if !values.isEmpty {
                        add(.forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
                    }
                case "Gt", "Lt":
                    if values.count != 1 {
                        add(.required(p.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"))
                    }
                default:
                    add(.invalid(p.child("operator"), .string(op), "not a valid selector operator"))
                }
                let key = string(r["key"])
                if field == "matchExpressions" { invalid(key, p.child("key"), NameRules.qualifiedName(key)) }
            }
        }
    }
}
