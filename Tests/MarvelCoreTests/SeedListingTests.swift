import Foundation
import Testing

import MarvelCore

/// Each catalogue template rendered with its defaults, held against what the seed's listings give
/// (`SeedListingTable`): image name and tag, ports, environment names, command flags and user.
@Suite struct SeedListingTests {
    /// One rendered container with what the checks read.
    struct RenderedContainer {
        var json: JSONValue
        var podSpec: JSONValue
        var manifests: [JSONValue]

        var image: String { json["image"]?.stringValue ?? "" }
        var commandLine: String {
            ((json["command"]?.arrayValue ?? []) + (json["args"]?.arrayValue ?? [])).compactMap(\.stringValue).joined(separator: " ")
        }
        var ports: [(Int, String)] {
            (json["ports"]?.arrayValue ?? []).compactMap { p in p["containerPort"]?.intValue.map { ($0, p["protocol"]?.stringValue ?? "TCP") } }
        }

        /// env names, plus the keys an `envFrom` Secret or ConfigMap of the same instance brings.
        var envNames: Set<String> {
            var names = Set((json["env"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
            for source in json["envFrom"]?.arrayValue ?? [] {
                for (kind, key) in [("Secret", "secretRef"), ("ConfigMap", "configMapRef")] {
                    guard let name = source.at(key, "name")?.stringValue,
                        let object = manifests.first(where: { $0["kind"]?.stringValue == kind && $0.at("metadata", "name")?.stringValue == name })
                    else { continue }
                    for field in ["data", "stringData"] { names.formUnion((object[field]?.objectValue ?? JSONObject()).map(\.key)) }
                }
            }
            return names
        }

        var runAsUser: Int? { json.at("securityContext", "runAsUser")?.intValue ?? podSpec.at("securityContext", "runAsUser")?.intValue }
    }

    static func container(_ entry: SeedListing, in catalogue: [(template: Template, manifests: [JSONValue])]) -> RenderedContainer? {
        guard let (_, manifests) = catalogue.first(where: { $0.template.id == entry.template }) else { return nil }
        for spec in manifests.compactMap(CatalogueValidationTests.podSpec(of:)) {
            if let c = CatalogueValidationTests.containers(of: spec).first(where: { $0["name"]?.stringValue == entry.container }) {
                return RenderedContainer(json: c, podSpec: spec, manifests: manifests)
            }
        }
        return nil
    }

    /// Whether `words` appear in `text` in this order.
    static func inOrder(_ words: [String], in text: String) -> Bool {
        var rest = Substring(text)
        for word in words {
            guard let range = rest.range(of: word) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }

    @Test func everyListedContainerMatchesTheSeed() throws {
        let catalogue = try CatalogueValidationTests.renderedCatalogue()
        for entry in SeedListingTable.entries {
            let what = "\(entry.template)/\(entry.container) (\(entry.source))"
            guard let c = Self.container(entry, in: catalogue) else {
                Issue.record("\(what): no such container in the rendered catalogue")
                continue
            }
            if entry.image.split(separator: "/").last?.contains(":") == true {
                #expect(c.image == entry.image, "\(what): image \(c.image), the seed's is \(entry.image)")
            } else {
                #expect(c.image.hasPrefix(entry.image + ":"), "\(what): image \(c.image) is not \(entry.image):<tag>")
            }
            let ports = c.ports
            for port in entry.ports { #expect(ports.contains { $0.0 == port }, "\(what): no containerPort \(port) (has \(ports.map(\.0)))") }
            for port in entry.udp { #expect(ports.contains { $0 == (port, "UDP") }, "\(what): port \(port) is not UDP") }
            let env = c.envNames
            for name in entry.env { #expect(env.contains(name), "\(what): env \(name) is missing (has \(env.sorted()))") }
            for name in entry.forbiddenEnv { #expect(!env.contains(name), "\(what): env \(name) is not read by the seed's container") }
            #expect(Self.inOrder(entry.command, in: c.commandLine), "\(what): command \"\(c.commandLine)\" lacks \(entry.command) in order")
            let words = Set(c.commandLine.split(separator: " ").map(String.init))
            for flag in entry.forbidden { #expect(!words.contains(flag), "\(what): \(flag) is not a flag of the seed's command") }
            if let user = entry.runAsUser { #expect(c.runAsUser == user, "\(what): runs as \(c.runAsUser.map(String.init) ?? "root"), the seed's user is \(user)") }
        }
    }

    @Test func theTableCoversEveryComponentWithAListingAndNamesRealTemplates() throws {
        let ids = Set(try CatalogueValidationTests.templateFiles().map { Template.id(forFile: $0) })
        let listed = Set(SeedListingTable.entries.map(\.template))
        #expect(listed.subtracting(ids).isEmpty, "table names templates that do not exist: \(listed.subtracting(ids).sorted())")
        // Every component the seed gives a listing or an image name for has an entry.
        let withListings: Set<String> = [
            "viad", "avad", "vcc", "avcc", "sed", "at", "tad", "edgesec-supernode", "edgesec-tee", "videoanony", "audioanony",
            "streamhandler", "kafka", "hdd", "gpuregex-intel-cpu", "gpuregex-intel-gpu", "dynhp-notebook", "fedl-server", "fedl-client",
            "smartviz", "nifi", "minifi", "hadoop-namenode", "hadoop-datanode", "hadoop-nodemanager", "hadoop-resourcemanager",
            "hadoop-historyserver", "hbase-master", "hbase-regionserver", "corpus-zookeeper", "ambari", "logstash", "corpus-augmentation",
            "hbase-fileservice", "corpus-gui",
        ]
        #expect(withListings.subtracting(listed).isEmpty, "no table entry for \(withListings.subtracting(listed).sorted())")
        for entry in SeedListingTable.entries {
            for (field, reason) in entry.deviations { #expect(!field.isEmpty && reason.count > 20, "\(entry.template): a deviation needs its reason") }
        }
    }

    @Test func audioAnonyIsOneX8664ImageWithTheLicenceMounted() throws {
        let catalogue = try CatalogueValidationTests.renderedCatalogue()
        let (template, manifests) = try #require(catalogue.first { $0.template.id == "audioanony" })
        let spec = try #require(manifests.compactMap(CatalogueValidationTests.podSpec(of:)).first)
        #expect(CatalogueValidationTests.containers(of: spec).count == 1)
        #expect(template.placement?.arch == "amd64", "devAIce's wheel is linux_x86_64")
        #expect(template.variable(named: "COEFF") == nil)
        let container = try #require(CatalogueValidationTests.containers(of: spec).first)
        let resourcePath = try #require(template.variable(named: "RESOURCE_PATH")).defaultText
        let mount = try #require((container["volumeMounts"]?.arrayValue ?? []).first { $0["name"] == "license" })
        #expect(mount["mountPath"]?.stringValue?.hasPrefix(resourcePath + "/") == true, "the licence must sit in the -r folder")
        #expect(spec.at("volumes")?[0]?.at("secret", "secretName") == "devaice-license")
    }

    @Test func theDataFlowsAreWiredAsTheSeedDescribes() throws {
        let catalogue = try CatalogueValidationTests.renderedCatalogue()
        func manifests(_ id: String) throws -> [JSONValue] { try #require(catalogue.first { $0.template.id == id }).manifests }
        // Prometheus scrapes the JMX exporters (5556), which scrape the brokers' JMX (5555).
        let prometheus = try #require(try manifests("prometheus").first { $0["kind"] == "ConfigMap" }?.at("data", "prometheus.yml")?.stringValue)
        #expect(prometheus.contains("kafka-jmx-0:5556") && !prometheus.contains("kafka:5556"))
        let exporter = try #require(try manifests("kafka-jmx-exporter").first { $0["kind"] == "ConfigMap" }?.at("data", "config.yaml")?.stringValue)
        #expect(exporter.contains("hostPort: kafka-0.kafka:5555"))
        // SmartViz reads through the es-proxy, which exists.
        let serverEntry = try #require(SeedListingTable.entries.first { $0.container == "server" })
        let server = try #require(Self.container(serverEntry, in: catalogue))
        #expect(server.json["env"]?.arrayValue?.first { $0["name"] == "ELASTIC_URL" }?["value"] == "http://datafusion-es-proxy:8080")
        #expect(try manifests("datafusion-es-proxy").contains { $0["kind"] == "Service" && $0.at("spec", "ports")?[0]?["port"] == 8080 })
        // The FedL server's strategies are the seed's NUS (and FedAvg).
        let fedl = try #require(catalogue.first { $0.template.id == "fedl-server" }?.template.variable(named: "STRATEGY"))
        #expect(fedl.defaultText == "nus" && fedl.choices == ["fedavg", "nus"])
        // TAD can reach CATFlow's database.
        let tad = try #require(catalogue.first { $0.template.id == "tad" }?.template)
        for name in ["CATFLOW_DB_HOST", "CATFLOW_DB_PORT", "CATFLOW_DB_NAME", "CATFLOW_DB_USER", "CATFLOW_DB_PASSWORD"] {
            #expect(tad.variable(named: name) != nil, "TAD lacks \(name)")
        }
        // The VPN edge is a host install step; the supernode answers on its node's UDP 4194.
        #expect(catalogue.first { $0.template.id == "edgesec-edge" } == nil)
        let supernodeEntry = try #require(SeedListingTable.entries.first { $0.template == "edgesec-supernode" })
        let supernode = try #require(Self.container(supernodeEntry, in: catalogue))
        #expect(supernode.json["ports"]?[0]?["hostPort"] == 4194)
        #expect(try manifests("edgesec-supernode").allSatisfy { $0.at("spec", "type") != "NodePort" })
    }

    @Test func nifiAndMosquittoRunInTheLayerTheirVariableNames() throws {
        let catalogue = try CatalogueValidationTests.renderedCatalogue()
        for id in ["nifi", "mosquitto"] {
            let template = try #require(catalogue.first { $0.template.id == id }?.template)
            #expect(template.placementLayerVaries, "\(id): placement.layer must come from LAYER")
            for layer in ["edge", "fog", "cloud"] {
                let rules = try template.placement(values: ["LAYER": layer, "SITE": "MT"], automatic: CatalogueValidationTests.automatic)
                #expect(rules?.layer?.rawValue == layer && rules?.site == "MT", "\(id) with LAYER=\(layer)")
            }
        }
    }
}
