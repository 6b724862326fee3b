/// validateContainerCommon: name, image, termination message policy, ports,
/// env, volume mounts, pull policy and resources of one container.
extension ValidationRun {
    func container(_ c: JSONValue, _ volumeNames: Set<String>, _ path: FieldPath, names: inout Set<String>) {
        let name = string(c["name"])
        if name.isEmpty {
            add(.required(path.child("name")))
        } else {
            invalid(name, path.child("name"), NameRules.dns1123Label(name))
        }
        if string(c["image"]).isEmpty { add(.required(path.child("image"))) }
        oneOf(c["terminationMessagePolicy"], ["File", "FallbackToLogsOnError"], path.child("terminationMessagePolicy"))
        containerPorts(array(c["ports"]), path.child("ports"))
        env(array(c["env"]), path.child("env"))
        volumeMounts(array(c["volumeMounts"]), volumeNames, path.child("volumeMounts"))
        oneOf(c["imagePullPolicy"], ["Always", "IfNotPresent", "Never"], path.child("imagePullPolicy"))
        resources(c["resources"], path.child("resources"))
        if !name.isEmpty {
            if names.contains(name) { add(.duplicate(path.child("name"), .string(name))) }
            names.insert(name)
        }
    }

    /// validateContainerPorts.
    func containerPorts(_ ports: [JSONValue], _ path: FieldPath) {
        var names = Set<String>()
        for (i, port) in ports.enumerated() {
            let p = path.index(i)
            let name = string(port["name"])
            if !name.isEmpty {
                let problems = NameRules.portName(name)
                if !problems.isEmpty {
                    invalid(name, p.child("name"), problems)
                } else if names.contains(name) {
                    add(.duplicate(p.child("name"), .string(name)))
                } else {
                    names.insert(name)
                }
            }
            let containerPort = port["containerPort"]?.intValue ?? 0
            if containerPort == 0 {
                add(.required(p.child("containerPort")))
            } else {
                for m in NameRules.portNumber(containerPort) { add(.invalid(p.child("containerPort"), .int(containerPort), m)) }
            }
            if let hostPort = port["hostPort"]?.intValue, hostPort != 0 {
                for m in NameRules.portNumber(hostPort) { add(.invalid(p.child("hostPort"), .int(hostPort), m)) }
            }
            oneOf(port["protocol"], Self.protocols, p.child("protocol"))
        }
    }

    /// ValidateEnv: names, and a value or one source.
    func env(_ vars: [JSONValue], _ path: FieldPath) {
        for (i, v) in vars.enumerated() {
            let p = path.index(i)
            let name = string(v["name"])
            if name.isEmpty {
                add(.required(p.child("name")))
            } else {
                invalid(name, p.child("name"), NameRules.envVarName(name))
            }
            guard let from = v["valueFrom"]?.objectValue else { continue }
            if from.count > 1 {
                add(
                    .invalid(
                        p.child("valueFrom"), "",
                        "may not have more than one field specified at a time"))
            } else if from.isEmpty {
                add(.invalid(p.child("valueFrom"), "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
            }
            if !string(v["value"]).isEmpty {
                add(.invalid(p.child("valueFrom"), "", "may not be specified when `value` is not empty"))
            }
        }
    }

    /// ValidateVolumeMounts: a known volume, a mount path, unique paths.
    func volumeMounts(_ mounts: [JSONValue], _ volumeNames: Set<String>, _ path: FieldPath) {
        var paths = Set<String>()
        for (i, m) in mounts.enumerated() {
            let p = path.index(i)
            let name = string(m["name"])
            if name.isEmpty {
                add(.required(p.child("name")))
            } else if !volumeNames.contains(name) {
                add(.notFound(p.child("name"), .string(name)))
            }
            let mountPath = string(m["mountPath"])
            if mountPath.isEmpty {
                add(.required(p.child("mountPath")))
            } else if paths.contains(mountPath) {
                add(.invalid(p.child("mountPath"), .string(mountPath), "must be unique"))
            }
            paths.insert(mountPath)
        }
    }

    /// ValidateResourceRequirements: resource names, non-negative quantities, requests within limits.
    func resources(_ resources: JSONValue?, _ path: FieldPath) {
        var limits: [String: Quantity] = [:]
        for m in object(resources?["limits"]) {
            let p = path.child("limits").key(m.key)
            let q = resourceQuantity(m.key, m.value, p)
            limits[m.key] = q
        }
        for m in object(resources?["requests"]) {
            let p = path.child("requests").key(m.key)
            guard let q = resourceQuantity(m.key, m.value, p), let limit = limits[m.key] else { continue }
            // Native resources may be overcommitted; extended resources (GPUs) and huge pages may not.
            let extended = m.key.contains("/") && !m.key.hasPrefix("kubernetes.io/")
            let overcommit = !extended && !m.key.hasPrefix("hugepages-")
            if !overcommit, q != limit {
                add(.invalid(p, .string(q.description), "must be equal to \(m.key) limit of \(limit.description)"))
            } else if q > limit {
                add(.invalid(p, .string(q.description), "must be less than or equal to \(m.key) limit of \(limit.description)"))
            }
        }
    }

    private func resourceQuantity(_ name: String, _ value: JSONValue, _ path: FieldPath) -> Quantity? {
        if !name.contains("/") && !["cpu", "memory", "ephemeral-storage", "storage", "pods"].contains(name)
            && !name.hasPrefix("hugepages-") && !name.hasPrefix("requests.") && !name.hasPrefix("limits.")
        {
            add(.invalid(path, .string(name), "must be a standard resource type or fully qualified"))
        }
        let text = value.stringValue ?? GoValueText.plain(value)
        guard let q = try? Quantity(parsing: text) else { return nil }
        if q.nanos < 0 { add(.invalid(path, .string(q.description), "must be greater than or equal to 0")) }
        if name.contains("/"), !name.hasPrefix("hugepages-"), q.nanos % 1_000_000_000 != 0 {
            add(.invalid(path, .string(q.description), "must be an integer"))
        }
        return q
    }
}
