import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

@Suite struct ServicesPaneListTests {
    typealias F = ServicesFixtures

    @Test func columnsAndValuesAt200x60() throws {
        let console = F.console(FakeServicesBackend(services: F.state()))
        let screen = F.render(console, rows: 60, columns: 200)
        let header = screen.line(2)
        for title in ["NAME", "TEMPLATE", "REV", "READY", "STATUS", "NODES", "AGE", "ENDPOINTS"] {
            #expect(header.contains(title), "missing column \(title)")
        }
        let kafka = screen.line(try #require(F.row(screen, of: "kafka")))
        for text in ["kafka", "3", "2/2", "Running", "mtfog1 (fog), mtcloud1 (cloud)", "12m", "10.96.0.12:9092, 10.96.0.13:2181"] {
            #expect(kafka.contains(text), "kafka row lacks \(text): \(kafka)")
        }
        let gpu = screen.line(try #require(F.row(screen, of: "gpu-train")))
        #expect(gpu.contains("0/1"))
        #expect(gpu.contains("Pending: 0/11 nodes: Insufficient nvidia.com/gpu"))
        #expect(gpu.contains("45s"))
        let legacy = screen.line(try #require(F.row(screen, of: "legacy")))
        #expect(legacy.contains("jupyter (karvdash)"))
        #expect(legacy.contains("3h"))
        #expect(legacy.contains("mtedge3 (edge)"))
        let web = screen.line(try #require(F.row(screen, of: "web")))
        #expect(web.contains("1/2"))
        #expect(web.contains("Failed: CrashLoopBackOff"))
        #expect(web.contains("2d"))
    }

    @Test func narrowScreenKeepsTheImportantColumns() throws {
        let console = F.console(FakeServicesBackend(services: F.state()))
        let screen = F.render(console)
        let header = screen.line(2)
        for title in ["NAME", "TEMPLATE", "REV", "READY", "STATUS", "NODES", "AGE"] { #expect(header.contains(title)) }
        #expect(!header.contains("ENDPOINTS"))
        let gpu = screen.line(try #require(F.row(screen, of: "gpu-train")))
        #expect(gpu.contains("Pending: 0/11"))
        #expect((0..<24).allSatisfy { screen.line($0).count <= 80 })
    }

    @Test func readyIsColouredOkWarnError() throws {
        let console = F.console(FakeServicesBackend(services: F.state()))
        let screen = F.render(console, rows: 60, columns: 200)
        let header = screen.line(2)
        let column = try #require(header.range(of: "READY")).lowerBound.utf16Offset(in: header)
        func role(_ name: String) throws -> StyleRole {
            screen.style(row: try #require(F.row(screen, of: name)), column: column).role
        }
        // kafka (2/2) is the selected row; legacy shows the ok colour.
        #expect(try role("legacy") == .statusOK)
        #expect(try role("web") == .statusWarn)
        #expect(try role("gpu-train") == .statusError)
        #expect(ServiceTableModel.readyRole(ready: 0, desired: 0) == .dim)
    }

    @Test func ageIsFormattedLikeKubectl() {
        #expect(ServiceAge.format(45) == "45s")
        #expect(ServiceAge.format(119) == "119s")
        #expect(ServiceAge.format(330) == "5m30s")
        #expect(ServiceAge.format(12 * 60 + 5) == "12m")
        #expect(ServiceAge.format(3 * 3600) == "3h")
        #expect(ServiceAge.format(5 * 3600 + 15 * 60) == "5h15m")
        #expect(ServiceAge.format(30 * 3600) == "30h")
        #expect(ServiceAge.format(2 * 86400 + 60) == "2d")
        #expect(ServiceAge.format(3 * 86400 + 4 * 3600) == "3d4h")
        #expect(ServiceAge.format(40 * 86400) == "40d")
        #expect(ServiceAge.format(-0.5) == "0s")
    }

    @Test func pendingReasonIsShortenedToItsMainCause() {
        #expect(ServiceStatusText.shortReason(F.pendingReason) == "0/11 nodes: Insufficient nvidia.com/gpu")
        #expect(ServiceStatusText.shortReason("0/3 nodes are available: 3 node(s) had untolerated taint {gpu: true}.")
            == "0/3 nodes: node(s) had untolerated taint {gpu: true}")
        #expect(ServiceStatusText.shortReason("pod has unbound immediate PersistentVolumeClaims. more") == "pod has unbound immediate PersistentVolumeClaims")
    }

    @Test func filterMatchesNameTemplateAndNode() throws {
        let console = F.console(FakeServicesBackend(services: F.state()))
        F.press(console, .char("/"), .char("m"), .char("t"), .char("f"), .char("o"), .char("g"), .enter)
        var screen = F.render(console, rows: 60, columns: 200)
        #expect(F.row(screen, of: "kafka") != nil)
        #expect(F.row(screen, of: "web") == nil)
        F.press(console, .char("/"), .ctrl("u"))
        for c in "smartviz" { F.press(console, .char(c)) }
        F.press(console, .enter)
        screen = F.render(console, rows: 60, columns: 200)
        #expect(F.row(screen, of: "web") != nil)
        #expect(F.row(screen, of: "kafka") == nil)
        F.press(console, .char("/"), .ctrl("u"), .char("z"), .char("z"), .char("z"), .enter)
        screen = F.render(console, rows: 60, columns: 200)
        #expect(screen.contains("no services match \"zzz\""))
    }

    @Test func withoutABackendThePaneSaysSoAndTakesNoKeys() throws {
        let options = ConsoleOptions(source: StaticDataSource(snapshot: nil, connection: .connecting), contextName: "c", namespace: "default",
                                     serverURL: "https://127.0.0.1:6443", environment: [:])
        let console = Console(options: options, panes: [NodesPane(), ServicesPane()])
        F.press(console, .char("2"))
        #expect(F.render(console).contains("services need a cluster connection: this console has no backend"))
        F.press(console, .char("/"))
        #expect(console.inputLine == nil)
        F.press(console, .ctrl("d"))
        #expect(console.flashMessage == "Ctrl-D does nothing in Services — press ? for its keys")
    }

    @Test func everyViewIsPureASCIIOnATerminalWithoutUTF8() throws {
        let backend = FakeServicesBackend(services: F.state(error: "poll failed"))
        let console = F.console(backend)
        func check(_ what: String) {
            let screen = MemoryScreen(rows: 30, columns: 100, unicode: false)
            console.render(on: screen, now: F.now)
            let bad = screen.text.unicodeScalars.filter { !$0.isASCII }
            #expect(bad.isEmpty, "non-ASCII in \(what): \(String(String.UnicodeScalarView(bad)))")
        }
        check("list")
        F.press(console, .enter)
        check("detail")
        F.press(console, .char("l"))
        backend.streams.first?.stream.append(["naïve — line"])
        check("logs")
        F.press(console, .escape, .escape, .ctrl("d"))
        check("confirm")
        F.press(console, .char("y"))
        backend.finish(1, progress: [], outcome: .succeeded("deleted 'kafka'"))
        check("outcome")
    }

    @Test func loadingEmptyAndPollErrorStates() throws {
        let backend = FakeServicesBackend(services: ServicesState())
        let console = F.console(backend)
        #expect(F.render(console).contains("loading services…"))

        backend.setServices(ServicesState(statuses: [], error: "listing instance records: connection refused", fetchedAt: nil, generation: 1))
        var screen = F.render(console)
        #expect(screen.contains("✖ listing instance records: connection refused"))

        backend.setServices(F.state([]))
        screen = F.render(console)
        #expect(screen.contains("no services deployed in this namespace yet"))
        #expect(screen.contains("press 3 for the Templates pane"))

        // A failed poll keeps the last good list and says so on one line.
        backend.setServices(ServicesState(statuses: [F.kafka], error: "reading the status of kafka: timed out", fetchedAt: F.now.addingTimeInterval(-14), generation: 5))
        screen = F.render(console)
        #expect(F.row(screen, of: "kafka") != nil)
        #expect(screen.contains("✖ reading the status of kafka: timed out · showing the list from 14s ago"))
    }
}

@Suite struct ServicesPaneDetailTests {
    typealias F = ServicesFixtures

    @Test func detailShowsEverythingWithSecretsMasked() throws {
        let console = F.console(FakeServicesBackend(services: F.state()))
        F.press(console, .enter)
        let screen = F.render(console, rows: 60, columns: 120)
        #expect(F.pane(console)?.detailInstance?.name == "kafka")
        for text in ["Instance kafka", "Template", "3 (kept: 1, 2, 3)", "ZK_REPLICAS", "mode auto · policy spread", "Deployment/kafka → mtfog1 (fog)", "4/11 nodes are available", "10.96.0.12:9092",
                     "kafka-7d9c-x2x", "zookeeper-55f-q8", "mtcloud1", "cloud"] {
            #expect(screen.contains(text), "detail lacks \(text)")
        }
        #expect(screen.contains("KAFKA_PASSWORD"))
        #expect(screen.contains("***"))
        #expect(!screen.contains("hunter2"))
        F.press(console, .escape)
        #expect(F.pane(console)?.viewName == "list")
    }

    @Test func pendingReasonAppearsInFullInWarnStyle() throws {
        let console = F.console(FakeServicesBackend(services: F.state()))
        F.press(console, .char("j"), .enter)
        #expect(F.pane(console)?.detailInstance?.name == "gpu-train")
        let screen = F.render(console, rows: 40, columns: 80)
        // Wrapped to the width, the whole message is there.
        let text = (0..<40).map { screen.line($0).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("0/11 nodes are available: 3 Insufficient cpu, 8 Insufficient nvidia.com/gpu."))
        #expect(text.contains("11 No preemption victims found for incoming pod."))
        let at = try #require(screen.find("0/11 nodes are available"))
        #expect(screen.style(row: at.row, column: at.column).role == .statusWarn)
    }

    @Test func manifestsShowAsYAMLWithSecretsMasked() throws {
        let console = F.console(FakeServicesBackend(services: F.state()))
        F.press(console, .char("y"))
        #expect(F.pane(console)?.viewName == "manifests")
        let screen = F.render(console, rows: 60, columns: 120)
        #expect(screen.contains("Manifests: kafka (revision 3, 4 objects)"))
        #expect(screen.contains("kind: Deployment"))
        #expect(screen.contains("apiVersion: apps/v1"))
        #expect(screen.contains("name: zookeeper"))
        #expect(screen.contains("value: '9092'") || screen.contains("value: \"9092\""))
        #expect(!screen.contains("hunter2"))
        #expect(screen.contains("***"))
        F.press(console, .escape)
        #expect(F.pane(console)?.viewName == "list")
    }
}

@Suite struct ServicesPaneLogsTests {
    typealias F = ServicesFixtures

    @Test func logsFollowTheNewestLineAndEscCancels() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .char("l"))
        let opened = try #require(backend.streams.first)
        #expect(opened.instance == "kafka" && opened.namespace == "default")
        #expect(opened.query.pod == nil && opened.query.container == nil && !opened.query.previous)
        // kafka has two pods: the picker offers them over the log of both; Enter keeps both.
        var screen = F.render(console)
        #expect(screen.contains("Follow which pod and container?"))
        #expect(screen.contains("› all 2 pods"))
        F.press(console, .enter)
        #expect(backend.streams.count == 1)
        screen = F.render(console)
        #expect(screen.contains("Logs: kafka · all pods — following"))
        #expect(screen.contains("waiting for log lines…"))

        opened.stream.append((1...100).map { "[kafka-7d9c-x2x] line \($0)" })
        screen = F.render(console)
        #expect(screen.contains("line 100"))
        #expect(!screen.contains("line 50 "))

        // Scrolling up stops following: new lines do not move the view.
        F.press(console, .pageUp)
        screen = F.render(console)
        #expect(screen.contains("paused"))
        opened.stream.append(["[kafka-7d9c-x2x] line 101"])
        screen = F.render(console)
        #expect(!screen.contains("line 101"))
        // G resumes.
        F.press(console, .char("G"))
        screen = F.render(console)
        #expect(screen.contains("line 101"))
        #expect(screen.contains("following"))

        opened.stream.finish("reading logs failed: connection reset")
        screen = F.render(console)
        #expect(screen.contains("stopped: reading logs failed: connection reset"))

        F.press(console, .escape)
        #expect(opened.stream.isCancelled)
        #expect(F.pane(console)?.viewName == "list")
    }

    @Test func logsFromTheDetailGoBackToTheDetail() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .enter, .char("l"), .escape)
        #expect(F.pane(console)?.viewName == "logs")
        F.press(console, .char("q"))
        #expect(F.pane(console)?.detailInstance?.name == "kafka")
    }
}

@Suite struct ServicesPaneActionTests {
    typealias F = ServicesFixtures

    @Test func ctrlDAsksListsTheObjectsAndYSubmitsOneDelete() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .ctrl("d"))
        var screen = F.render(console)
        #expect(screen.contains("Delete 'kafka' and its 5 objects? y/N"))
        for object in ["Service/zookeeper", "Deployment/zookeeper", "Service/kafka", "Deployment/kafka", "Secret/marvdash-kafka"] {
            #expect(screen.contains(object))
        }
        #expect(backend.requests.isEmpty)
        F.press(console, .char("y"))
        #expect(backend.requests == [.delete(name: "kafka", namespace: "default")])
        screen = F.render(console)
        #expect(screen.contains("Deleting 'kafka'"))
        #expect(screen.contains("working…"))
        // Keys while it runs neither submit again nor leave by accident (q included).
        F.press(console, .char("y"), .char("q"))
        #expect(backend.requests.count == 1)

        backend.finish(1, progress: ["removed Deployment/kafka", "removed Secret/marvdash-kafka"], outcome: .succeeded("deleted 'kafka': removed 5 objects"))
        screen = F.render(console)
        #expect(screen.contains("removed Deployment/kafka"))
        #expect(screen.contains("✔ deleted 'kafka': removed 5 objects"))
        #expect(console.flashMessage == "deleted 'kafka': removed 5 objects")
        F.press(console, .char("x"))
        #expect(F.pane(console)?.viewName == "list")
        #expect(backend.requests.count == 1)
    }

    @Test func aFailedDeleteShowsTheAPIMessage() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .ctrl("d"), .char("y"))
        backend.finish(1, progress: [], outcome: .failed("deleting Deployment/kafka: forbidden: user cannot delete (HTTP 403)"))
        let screen = F.render(console)
        #expect(screen.contains("✖ deleting Deployment/kafka: forbidden: user cannot delete (HTTP 403)"))
    }

    @Test func nOrEscDoesNotDelete() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .ctrl("d"), .char("n"))
        #expect(F.pane(console)?.viewName == "list")
        F.press(console, .ctrl("d"), .escape)
        #expect(F.pane(console)?.viewName == "list")
        F.press(console, .ctrl("d"), .enter)
        #expect(backend.requests.isEmpty)
        #expect(console.flashMessage == "cancelled: nothing was changed")
    }

    @Test func rollbackAsksAndSubmitsThePreviousRevision() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .char("R"))
        let screen = F.render(console)
        #expect(screen.contains("Roll back 'kafka' from revision 3 to revision 2? y/N"))
        F.press(console, .char("y"))
        #expect(backend.requests == [.rollback(name: "kafka", namespace: "default", revision: 2)])

        // An instance with one revision has nothing to roll back to.
        let other = FakeServicesBackend(services: F.state([F.web]))
        let second = F.console(other)
        F.press(second, .char("R"))
        #expect(F.pane(second)?.viewName == "list")
        #expect(second.flashMessage?.contains("no earlier revision") == true)
        #expect(other.requests.isEmpty)
    }

    @Test func rollbackCommandReachesThePaneFromTheConsolePrompt() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .char(":"))
        for c in "rollback 1" { F.press(console, .char(c)) }
        F.press(console, .enter)
        #expect(F.pane(console)?.viewName == "confirm")
        F.press(console, .char("y"))
        #expect(backend.requests == [.rollback(name: "kafka", namespace: "default", revision: 1)])
        let fresh = F.console(FakeServicesBackend(services: F.state()))
        F.press(fresh, .char(":"))
        for c in "frobnicate" { F.press(fresh, .char(c)) }
        F.press(fresh, .enter)
        #expect(fresh.flashMessage?.contains("unknown command ':frobnicate'") == true)
    }

    @Test func rollbackCommandTakesARevision() throws {
        let backend = FakeServicesBackend(services: F.state())
        let context = PaneContext(snapshot: nil, connection: .connected(at: F.now), generation: 0, serverURL: "https://127.0.0.1:6443",
                                  viewport: Rect(row: 2, column: 0, height: 21, width: 80), backend: backend)
        var pane = ServicesPane(clock: { F.now })
        pane.update(context)
        let notOurs = pane.runCommand("deploy", context: context)
        #expect(notOurs == false)
        func flash(after command: String) -> String? {
            let handled = pane.runCommand(command, context: context)
            #expect(handled)
            return pane.takeFlash()?.text
        }
        #expect(flash(after: "rollback x")?.hasPrefix("usage: :rollback [REVISION]") == true)
        #expect(flash(after: "rollback 3") == "cannot roll 'kafka' back to revision 3: it is the current one")
        #expect(flash(after: "rollback 9")?.contains("is not kept (kept: 1, 2, 3)") == true)
        let opened = pane.runCommand("rollback 1", context: context)
        #expect(opened)
        #expect(pane.viewName == "confirm")
        _ = pane.handle(.char("y"), context: context)
        #expect(backend.requests == [.rollback(name: "kafka", namespace: "default", revision: 1)])
    }

    @Test func readOnlyHidesAndRefusesMutatingKeys() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend, readOnly: true)
        let keys = try #require(F.pane(console)).keyHelp(readOnly: true).map(\.keys)
        #expect(!keys.contains("Ctrl-D") && !keys.contains("u") && !keys.contains("R"))
        #expect(keys.contains("l") && keys.contains("y"))
        let screen = F.render(console)
        #expect(!screen.line(23).contains("delete"))
        for key in [Key.ctrl("d"), .char("u"), .char("R")] {
            F.press(console, key)
            #expect(F.pane(console)?.viewName == "list")
            #expect(console.flashMessage?.hasPrefix("read-only mode:") == true)
        }
        #expect(backend.requests.isEmpty)
    }

    @Test func karvdashInstancesAreRefusedWithTheReason() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .char("j"), .char("j"))
        #expect(F.pane(console)?.selected?.name == "legacy")
        F.press(console, .ctrl("d"))
        #expect(F.pane(console)?.viewName == "list")
        #expect(console.flashMessage == "'legacy' was deployed by MARVdash/Karvdash and is read-only here: deleting it is done in Karvdash")
        F.press(console, .char("u"))
        #expect(console.flashMessage?.contains("read-only here: upgrading") == true)
        #expect(backend.requests.isEmpty)
        // Looking is fine.
        F.press(console, .enter)
        let screen = F.render(console, rows: 40, columns: 120)
        #expect(screen.contains("MARVdash/Karvdash (read-only here)"))
        #expect(!screen.contains("abc"))
    }

    @Test func upgradeWithoutTheTemplateFlashesWhy() throws {
        let backend = FakeServicesBackend(services: F.state())
        let console = F.console(backend)
        F.press(console, .char("u"))
        #expect(F.pane(console)?.viewName == "list")
        #expect(console.flashMessage?.contains("template 'kafka' is no longer in the catalogue") == true)
    }
}

@Suite struct ServicesPaneUpgradeTests {
    typealias F = ServicesFixtures

    static func kafkaTemplate() throws -> Template {
        try Template.parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ${NAME}-config
            data:
              replicas: "${ZK_REPLICAS}"
            ---
            kind: Template
            name: Kafka
            description: a test kafka
            variables:
            - name: NAME
              default: kafka
            - name: KAFKA_PASSWORD
              default: changeme
            - name: ZK_REPLICAS
              default: 1
              type: int

            """, file: "/nonexistent/kafka.template.yaml")
    }

    @Test func uOpensTheFormWithTheCurrentValuesAndSubmitsOneUpgrade() throws {
        let backend = FakeServicesBackend(services: F.state(), templates: [try Self.kafkaTemplate()])
        let console = F.console(backend)
        F.press(console, .char("u"))
        #expect(F.pane(console)?.viewName == "upgrade")
        #expect(F.pane(console)?.capturesAllKeys == true)
        var screen = F.render(console, rows: 40, columns: 120)
        #expect(screen.contains("ZK_REPLICAS") || screen.contains("Zk"))
        // Change ZK_REPLICAS from 1 to 3 (digits reach the form, not the tab bar).
        F.press(console, .down, .backspace, .char("3"))
        #expect(F.pane(console)?.viewName == "upgrade")
        F.press(console, .enter, .char("d"))
        screen = F.render(console, rows: 40, columns: 120)
        #expect(screen.contains("Upgrade 'kafka' to revision 4? y/N"))
        F.press(console, .char("y"))
        #expect(backend.requests.count == 1)
        guard case .upgrade(let name, let namespace, let values) = backend.requests.first else {
            Issue.record("expected an upgrade request, got \(backend.requests)")
            return
        }
        #expect(name == "kafka" && namespace == "default")
        #expect(values["ZK_REPLICAS"] == "3")
        #expect(values["KAFKA_PASSWORD"] == "hunter2")

        backend.finish(1, progress: ["applied ConfigMap/kafka-config"], outcome: .succeeded("upgraded 'kafka' to revision 4: 1 applied, 0 pruned"))
        F.press(console, .char("x"))
        #expect(F.pane(console)?.viewName == "list")
        #expect(console.flashMessage == "upgraded 'kafka' to revision 4: 1 applied, 0 pruned")
    }

    @Test func escLeavesTheFormWithoutSubmitting() throws {
        let backend = FakeServicesBackend(services: F.state(), templates: [try Self.kafkaTemplate()])
        let console = F.console(backend)
        F.press(console, .char("u"), .escape)
        #expect(F.pane(console)?.viewName == "list")
        #expect(backend.requests.isEmpty)
    }
}
