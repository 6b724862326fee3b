import Foundation
import Testing

import MarvelCore

/// The MARVEL component catalogue in Templates/: every template lints clean, renders with its
/// defaults to manifests that kubernetes-validate accepts for Kubernetes 1.30 (strict), requests
/// resources for every container and says where it wants to run.
@Suite struct CatalogueValidationTests {
    /// The repository root, three levels above this file (Tests/MarvelCoreTests/<file>).
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let templatesDirectory = repositoryRoot + "/Templates"
    static let validator = repositoryRoot + "/.venv/bin/kubernetes-validate"
    /// A registry no default could produce, to prove every image comes from it.
    static let automatic = AutomaticValues(namespace: "marvel", hostname: "catalogue.test", registry: "registry.test:5000")

    /// One template id per MARVEL component of seed section 2 that the catalogue must hold.
    static let expectedIDs: Set<String> = [
        // 2.1 AI subsystem
        "viad", "avad", "vcc", "avcc", "sed", "at", "catflow", "tad",
        // 2.2 security and privacy (the VPN edge is a host install step, see README)
        "edgesec-supernode", "edgesec-tee", "videoanony", "audioanony",
        // 2.3 data management: StreamHandler, the Data Fusion Bus, DatAna, HDD
        "streamhandler", "kafka", "zookeeper", "kafka-jmx-exporter", "datafusion-connector", "elasticsearch",
        "datafusion-es-proxy", "prometheus", "grafana", "nifi", "nifi-ca", "nifi-registry", "minifi", "minifi-arm",
        "mosquitto", "hdd",
        // 2.4 E2F2C
        "gpuregex-intel-cpu", "gpuregex-intel-gpu", "dynhp-notebook", "dynhp-train", "fedl-server", "fedl-client",
        "fedl-dynhp-server", "fedl-dynhp-client",
        // 2.5 system outputs: SmartViz and the Data Corpus
        "smartviz", "hadoop-namenode", "hadoop-datanode", "hadoop-resourcemanager", "hadoop-nodemanager",
        "hadoop-historyserver", "hbase-master", "hbase-regionserver", "corpus-zookeeper", "ambari", "logstash",
        "corpus-augmentation", "hbase-fileservice", "corpus-gui",
    ]

    /// Third-party images the catalogue pulls from their public origin (a mirror may be configured
    /// instead), by repository: the seed's own (`SeedListingTable`) and these, which it does not name.
    static let publicOrigins: Set<String> = [
        "confluentinc/cp-zookeeper", "docker.elastic.co/elasticsearch/elasticsearch", "docker.elastic.co/kibana/kibana",
        "prom/prometheus", "grafana/grafana", "eclipse-mosquitto", "apache/nifi-toolkit", "apache/nifi-registry", "bitnami/jmx-exporter",
    ]

    static let gpuResources = ["nvidia.com/gpu", "gpu.intel.com/i915"]

    static func templateFiles() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: templatesDirectory)
        return names.filter { $0.hasSuffix(".template.yaml") }.sorted().map { templatesDirectory + "/" + $0 }
    }

    /// Every template loaded and rendered with its defaults.
    static func renderedCatalogue() throws -> [(template: Template, manifests: [JSONValue])] {
        try templateFiles().map { file in
            let template = try Template.load(file: file)
            return (template, try template.render(values: [:], automatic: automatic))
        }
    }

    /// The pod spec of a workload manifest, nil for other kinds.
    static func podSpec(of manifest: JSONValue) -> JSONValue? {
        switch manifest["kind"]?.stringValue {
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
            return manifest.at("spec", "template", "spec")
        case "CronJob":
            return manifest.at("spec", "jobTemplate", "spec", "template", "spec")
        case "Pod":
            return manifest["spec"]
        default:
            return nil
        }
    }

    static func containers(of podSpec: JSONValue) -> [JSONValue] {
        (podSpec["initContainers"]?.arrayValue ?? []) + (podSpec["containers"]?.arrayValue ?? [])
    }

    static func label(_ manifest: JSONValue) -> String {
        "\(manifest["kind"]?.stringValue ?? "?")/\(manifest.at("metadata", "name")?.stringValue ?? "?")"
    }

    @Test func catalogueHoldsEveryMarvelComponent() throws {
        let ids = Set(try Self.templateFiles().map { Template.id(forFile: $0) })
        #expect(ids == Self.expectedIDs, "missing: \(Self.expectedIDs.subtracting(ids).sorted()), unexpected: \(ids.subtracting(Self.expectedIDs).sorted())")
    }

    @Test func everyTemplateLintsClean() throws {
        let files = try Self.templateFiles()
        #expect(!files.isEmpty)
        for file in files {
            let diagnostics = Template.lint(file: file)
            let errors = diagnostics.filter(\.isError)
            #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
            // Shell references are written $$ in the catalogue, so only shell-form findings may remain.
            let warnings = diagnostics.filter { !$0.isError && !$0.message.contains("shell") }
            #expect(warnings.isEmpty, "\(warnings.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test func catalogLoadsWithoutProblems() {
        let loaded = TemplateCatalog.load(directories: [Self.templatesDirectory])
        #expect(loaded.problems.filter(\.isError).isEmpty, "\(loaded.problems.map(\.description))")
        #expect(Set(loaded.templates.map(\.id)) == Self.expectedIDs)
    }

    @Test func everyTemplateHasPlacementAndANameForm() throws {
        for (template, _) in try Self.renderedCatalogue() {
            let placement = try #require(template.placement, "\(template.file): no placement block")
            #expect(placement.layer != nil || !placement.prefer.isEmpty, "\(template.id): placement names no layer")
            let name = try #require(template.variable(named: "NAME"), "\(template.id): no NAME variable")
            #expect(TemplateNames.dnsLabelProblem(name.defaultText) == nil, "\(template.id): NAME default \(name.defaultText)")
            #expect(name.label != nil && name.help != nil, "\(template.id): NAME has no label or help")
            #expect(!template.description.isEmpty, "\(template.id): no description")
        }
    }

    @Test func everyWorkloadContainerRequestsResources() throws {
        for (template, manifests) in try Self.renderedCatalogue() {
            let workloads = manifests.compactMap(Self.podSpec(of:))
            #expect(!workloads.isEmpty, "\(template.id): no workload")
            for podSpec in workloads {
                for container in Self.containers(of: podSpec) {
                    let requests = container.at("resources", "requests")?.objectValue
                    #expect(requests?["cpu"] != nil && requests?["memory"] != nil,
                            "\(template.id): container \(container["name"]?.stringValue ?? "?") lacks cpu/memory requests")
                }
            }
            #expect(!template.resourceRequests.isEmpty, "\(template.id): no summed requests")
        }
    }

    @Test func gpuTemplatesLimitTheirGPUs() throws {
        for (template, manifests) in try Self.renderedCatalogue() {
            let limited = manifests.compactMap(Self.podSpec(of:)).flatMap(Self.containers(of:)).contains { container in
                Self.gpuResources.contains { container.at("resources", "limits", $0) != nil }
            }
            let wantsGPU = (template.placement?.gpu ?? 0) > 0
            #expect(limited == wantsGPU, "\(template.id): placement.gpu and the containers' GPU limits disagree")
        }
    }

    @Test func imagesComeFromTheRegistryOrTheirPublicOriginAndObjectsCarryTheAppLabel() throws {
        let seedImages = Set(SeedListingTable.entries.map { $0.image.split(separator: ":").first.map(String.init) ?? $0.image })
        for (template, manifests) in try Self.renderedCatalogue() {
            let name = try #require(template.variable(named: "NAME")).defaultText
            for manifest in manifests {
                #expect(manifest.at("metadata", "labels", "app")?.stringValue == name, "\(template.id): \(Self.label(manifest)) lacks app: \(name)")
                guard let podSpec = Self.podSpec(of: manifest) else { continue }
                for container in Self.containers(of: podSpec) {
                    let image = container["image"]?.stringValue ?? ""
                    let repositoryAndTag = image.split(separator: "/").last.map(String.init) ?? ""
                    #expect(repositoryAndTag.contains(":"), "\(template.id): image \(image) names no tag")
                    guard !image.hasPrefix("registry.test:5000/") else { continue }
                    let repository = String(image.prefix { $0 != ":" })
                    #expect(seedImages.contains(repository) || Self.publicOrigins.contains(repository),
                            "\(template.id): image \(image) is neither ${REGISTRY}/… nor a known public origin")
                    #expect(!image.contains("marvel-platform.eu"), "\(template.id): third-party image \(image) assumes a MARVEL mirror")
                }
            }
        }
    }

    @Test func renderedManifestsPassKubernetesValidate() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.validator) else {
            Issue.record("\(Self.validator) is missing — run make test (it installs kubernetes-validate)")
            return
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("marvdash-catalogue-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        for (template, manifests) in try Self.renderedCatalogue() {
            let file = directory.appendingPathComponent("\(template.id).yaml").path
            try YAML.emit(documents: manifests).write(toFile: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.validator)
        process.arguments = ["--kubernetes-version", "1.30.0", "--strict", "--quiet"] + files
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "kubernetes-validate failed:\n\(text)")
        #expect(!text.contains("ERROR"), "\(text)")
    }
}
