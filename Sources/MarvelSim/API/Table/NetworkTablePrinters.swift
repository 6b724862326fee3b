import Foundation
import MarvelCore

/// `kubectl get services`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, and with `-o wide` SELECTOR.
struct ServiceTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Type", description: "type determines how the Service is exposed."),
            TableColumn(name: "Cluster-IP", description: "clusterIP is the IP address of the service."),
            TableColumn(name: "External-IP", description: "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            TableColumn(name: "Port(s)", description: "The list of ports that are exposed by this service."),
            .age,
            TableColumn(name: "Selector", description: "Route service traffic to pods with label keys and values matching this selector.", priority: 1),
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let spec = object["spec"]
        let type = spec?["type"]?.stringValue ?? "ClusterIP"
        let ports = (spec?["ports"]?.arrayValue ?? []).map { p -> String in
            let port = p["port"]?.intValue ?? 0
            let node = p["nodePort"]?.intValue.map { ":\($0)" } ?? ""
            return "\(port)\(node)/\(p["protocol"]?.stringValue ?? "TCP")"
        }
        let external = (spec?["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        return [
            name(of: object), .string(type), .string(spec?["clusterIP"]?.stringValue ?? "<none>"),
            .string(external.isEmpty ? (type == "LoadBalancer" ? "<pending>" : "<none>") : external.joined(separator: ",")),
            .string(ports.isEmpty ? "<none>" : ports.joined(separator: ",")), age(of: object, now: now),
            TemplateColumns.labels(spec?["selector"]),
        ]
    }
}

/// `kubectl get ingresses`: NAME CLASS HOSTS ADDRESS PORTS AGE.
struct IngressTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Class", description: "The name of the IngressClass resource."),
            TableColumn(name: "Hosts", description: "Hosts that incoming requests are matched against."),
            TableColumn(name: "Address", description: "Address is a list containing ingress points for the load-balancer."),
            TableColumn(name: "Ports", description: "Ports of TLS configurations that open."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let hosts = (object.at("spec", "rules")?.arrayValue ?? []).compactMap { $0["host"]?.stringValue }
        let tls = !(object.at("spec", "tls")?.arrayValue ?? []).isEmpty
        return [
            name(of: object), .string(object.at("spec", "ingressClassName")?.stringValue ?? "<none>"),
            .string(hosts.isEmpty ? "*" : hosts.joined(separator: ",")), "",
            .string(tls ? "80, 443" : "80"), age(of: object, now: now),
        ]
    }
}

/// `kubectl get endpoints`: NAME ENDPOINTS AGE (the first three `ip:port`, then "+ N more...").
struct EndpointsTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [.name, TableColumn(name: "Endpoints", description: "The set of all endpoints is the union of all subsets."), .age]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        var all: [String] = []
        for subset in object["subsets"]?.arrayValue ?? [] {
            let ips = (subset["addresses"]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }
            let ports = (subset["ports"]?.arrayValue ?? []).compactMap { $0["port"]?.intValue }
            if ports.isEmpty { all += ips } else { for port in ports { all += ips.map { "\($0):\(port)" } } }
        }
        return [name(of: object), .string(Self.firstThree(all)), age(of: object, now: now)]
    }

    /// "a,b,c + 2 more..." as kubectl shortens address lists; `<none>` when empty.
    static func firstThree(_ items: [String]) -> String {
        guard !items.isEmpty else { return "<none>" }
        let shown = items.prefix(3).joined(separator: ",")
        return items.count > 3 ? "\(shown) + \(items.count - 3) more..." : shown
    }
}

/// `kubectl get endpointslices`: NAME ADDRESSTYPE PORTS ENDPOINTS AGE.
struct EndpointSliceTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "AddressType", description: "The type of address carried by this EndpointSlice."),
            TableColumn(name: "Ports", description: "The network ports exposed by each endpoint."),
            TableColumn(name: "Endpoints", description: "A list of unique endpoints in this slice."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let ports = (object["ports"]?.arrayValue ?? []).map { $0["port"]?.intValue.map(String.init) ?? "<unset>" }
        let addresses = (object["endpoints"]?.arrayValue ?? []).flatMap { ($0["addresses"]?.arrayValue ?? []).compactMap(\.stringValue) }
        return [
            name(of: object), object["addressType"] ?? "", .string(ports.isEmpty ? "<unset>" : ports.joined(separator: ",")),
            .string(addresses.isEmpty ? "<unset>" : EndpointsTablePrinter.firstThree(addresses)), age(of: object, now: now),
        ]
    }
}
