/// ValidateService: ports, their names and protocols, target ports, type,
/// session affinity, the selector.
extension ValidationRun {
    func serviceSpec(_ spec: JSONValue?, _ path: FieldPath) {
        let type = string(spec?["type"])
        let headless = string(spec?["clusterIP"]) == "None"
        let ports = array(spec?["ports"])
        if ports.isEmpty && !headless && type != "ExternalName" {
            add(.required(path.child("ports")))
        }
        var names = Set<String>()
        for (i, port) in ports.enumerated() {
            let p = path.child("ports").index(i)
            let name = string(port["name"])
            if ports.count > 1 && name.isEmpty {
                add(.required(p.child("name")))
            } else if !name.isEmpty {
                invalid(name, p.child("name"), NameRules.dns1123Label(name))
                if names.contains(name) { add(.duplicate(p.child("name"), .string(name))) }
                names.insert(name)
            }
            let number = port["port"]?.intValue ?? 0
            for m in NameRules.portNumber(number) { add(.invalid(p.child("port"), .int(number), m)) }
            oneOf(port["protocol"], Self.protocols, p.child("protocol"))
            if let target = port["targetPort"] {
                if let n = target.intValue {
                    for m in NameRules.portNumber(n) { add(.invalid(p.child("targetPort"), target, m)) }
                } else {
                    let s = string(target)
                    invalid(s, p.child("targetPort"), NameRules.portName(s))
                }
            }
            if let nodePort = port["nodePort"]?.intValue, nodePort != 0 {
                if type != "NodePort" && type != "LoadBalancer" {
                    add(.forbidden(p.child("nodePort"), "may not be used when `type` is '\(type)'"))
                } else if !(30000...32767).contains(nodePort) {
                    add(
                        .invalid(
                            p.child("nodePort"), .int(nodePort),
                            "provided port is not in the valid range. The range of valid ports is 30000-32767"))
                }
            }
        }
        oneOf(spec?["type"], ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"], path.child("type"))
        oneOf(spec?["sessionAffinity"], ["ClientIP", "None"], path.child("sessionAffinity"))
        labels(object(spec?["selector"]), path.child("selector"))
        if type == "ExternalName" {
            let external = string(spec?["externalName"])
            if external.isEmpty {
                add(.required(path.child("externalName")))
            } else {
                invalid(external, path.child("externalName"), NameRules.dns1123Subdomain(external))
            }
        }
    }
}
