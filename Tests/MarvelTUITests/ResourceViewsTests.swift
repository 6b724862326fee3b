import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The k9s-like resource views on the embedded cluster, driven with keys and
/// read from an in-memory screen: kubectl's columns per kind, sorting,
/// filters, namespaces, describe, YAML and the confirmed actions.
@Suite(.serialized) struct ResourceViewsTests {
    /// kubectl's columns (kube-apiserver 1.30's Table output) for each kind the views list.
    static let columns: [(command: String, headers: [String])] = [
        ("po", ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]),
        ("deploy", ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]),
        ("sts", ["NAME", "READY", "AGE"]),
        ("ds", ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"]),
        ("job", ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]),
        ("cj", ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"]),
        ("rs", ["NAME", "DESIRED", "CURRENT", "READY", "AGE"]),
        ("svc", ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]),
        ("ing", ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"]),
        ("cm", ["NAME", "DATA", "AGE"]),
        ("sec", ["NAME", "TYPE", "DATA", "AGE"]),
        ("pvc", ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"]),
        ("ev", ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]),
    ]

    @Test func everyCommandWordIsUniqueAndEveryKindHasOne() {
        let words = ConsoleReference.commands.flatMap(\.words)
        #expect(Set(words).count == words.count, "a word reaches two commands")
        for kind in ResourceKind.all {
            for alias in kind.aliases { #expect(ConsoleReference.command(named: alias) != nil, ":\(alias)") }
        }
        #expect(ConsoleReference.command(named: "svc")?.summary.contains("Kubernetes Services") == true)
        #expect(ConsoleReference.command(named: "services")?.name == "services")
        #expect(ConsoleReference.command(named: "no")?.name == "nodes")
    }

    @Test func everyKindShowsKubectlsColumnsFromTheServersTable() throws {
        let rig = try ResourceRig()
        for (command, headers) in Self.columns {
            rig.command("\(command) all")
            #expect(rig.waitFor(":\(command) columns") { pane, _ in pane.data.table != nil && pane.query?.kind.command == command })
            let table = try #require(rig.pane?.data.table)
            #expect(table.fromServer, ":\(command)")
            #expect(table.columns.map(\.name) == ["NAMESPACE"] + headers, ":\(command)")
            // One namespace: no NAMESPACE column.
            rig.command("\(command) kube-system")
            #expect(rig.waitFor(":\(command) kube-system") { pane, _ in
                pane.query?.namespace == "kube-system" && pane.data.table?.columns.first?.name != "NAMESPACE" && pane.data.table != nil
            })
        }
        rig.command("ns")
        #expect(rig.waitFor(":ns") { pane, _ in pane.data.table?.columns.map(\.name) == ["NAME", "STATUS", "AGE"] })
        #expect(rig.pane?.shown.contains { $0.name == "kube-system" } == true)
        // :no is the Nodes pane, :svc the Kubernetes Services (marvdash's pane stays :services).
        rig.command("no")
        #expect(rig.console.activePane.title == "Nodes")
        rig.command("svc all")
        #expect(rig.console.activePane.title == "Resources")
        #expect(rig.waitForRows(":svc") { rows in rows.contains { $0.name == "kubernetes" } }.isEmpty == false)
        rig.command("services")
        #expect(rig.console.activePane.title == "Services")
    }

    @Test func podsListKubeSystemAndSortByAnyColumnBothWays() throws {
        let rig = try ResourceRig()
        rig.command("po kube-system")
        let rows = rig.waitForRows("kube-system pods")
        #expect(rows.allSatisfy { $0.namespace == "kube-system" })
        #expect(rig.screen.contains("Pods(kube-system)"))
        #expect(rig.screen.contains("coredns-"))

        rig.press(.char("N"))
        var names = try #require(rig.pane).shown.map(\.name)
        #expect(names == NaturalOrder.sorted(names) { $0 })
        #expect(rig.screen.contains("sort NAME ↑") || { rig.console.render(on: rig.screen, now: Date()); return rig.screen.contains("sort NAME ↑") }())
        rig.press(.char("N"))
        names = try #require(rig.pane).shown.map(\.name)
        #expect(names == NaturalOrder.sorted(names) { $0 }.reversed())
        rig.press(.char("i"))
        #expect(try #require(rig.pane).shown.map(\.name) == NaturalOrder.sorted(names) { $0 })

        // Shift-A: youngest first (AGE read smallest first); i: oldest first.
        rig.press(.char("A"))
        let created = try #require(rig.pane).shown.map { $0.created ?? .distantPast }
        #expect(created == created.sorted(by: >))
        rig.press(.char("i"))
        #expect(try #require(rig.pane).shown.map { $0.created ?? .distantPast } == created.sorted())

        // Shift-R: READY, then (again, again) RESTARTS — sorted as numbers, not text.
        rig.press(.char("R"))
        #expect(rig.pane?.sort == ResourceSort(column: "READY"))
        rig.press(.char("R"), .char("R"))
        #expect(rig.pane?.sort == ResourceSort(column: "RESTARTS"))
        let pane = try #require(rig.pane)
        let restartsIndex = try #require(pane.columns.firstIndex { $0.name == "RESTARTS" })
        let restarts = pane.shown.map { Int($0.cells[restartsIndex].split(separator: " ").first ?? "") ?? -1 }
        #expect(restarts == restarts.sorted())
        #expect(restarts.last ?? 0 > 0, "the demo has pods that restarted")

        // A letter no header starts with says so.
        rig.press(.char("Z"))
        #expect(rig.console.flashMessage?.contains("no column starts with Z") == true)
    }

    @Test func atEightyColumnsTheNameGivesWayAndShortColumnsStayWhole() throws {
        let rig = try ResourceRig()
        rig.command("po all")
        rig.waitForRows("all pods") { rows in rows.contains { $0.namespace == "kube-system" } }
        // Most restarts first, so the rows with "N (… ago)" are on screen.
        rig.press(.char("R"), .char("R"), .char("R"), .char("i"), .char("g"))
        #expect(rig.pane?.sort == ResourceSort(column: "RESTARTS", descending: true))
        let small = MemoryScreen(rows: 24, columns: 80)
        rig.console.render(on: small, now: Date())
        let rows = (0..<small.rows).map { small.line($0) }.filter { $0.hasPrefix("kube-system ") || $0.hasPrefix("default ") }
        #expect(!rows.isEmpty, "pods at 80 columns:\n\(small.text)")
        #expect(rows.first?.contains(" ago)") == true, "RESTARTS shown whole at 80 columns:\n\(small.text)\n\(rig.pane?.shown.first?.cells ?? [])")
        for row in rows {
            let age = row.trimmingCharacters(in: .whitespaces).split(separator: " ").last.map(String.init) ?? ""
            #expect(!age.contains("…") && age.last?.isLetter == true, "AGE whole at 80 columns: \(row)")
        }
    }

    @Test func regexAndServerSideLabelFilters() throws {
        let rig = try ResourceRig()
        rig.command("po kube-system")
        let all = rig.waitForRows("kube-system pods")
        rig.filter("^coredns-|^etcd")
        let matched = try #require(rig.pane).shown
        #expect(!matched.isEmpty && matched.count < all.count)
        #expect(matched.allSatisfy { $0.name.hasPrefix("coredns-") || $0.name.hasPrefix("etcd") })
        // Any case.
        rig.press(.escape)
        rig.filter("COREDNS")
        #expect(try #require(rig.pane).shown.allSatisfy { $0.name.hasPrefix("coredns-") })
        rig.press(.escape)
        #expect(try #require(rig.pane).shown.count == all.count)

        // -l: the watch is restarted with the label selector (the server filters).
        rig.filter("-l k8s-app=kube-dns")
        #expect(rig.pane?.query?.labelSelector == "k8s-app=kube-dns")
        let dns = rig.waitForRows("the kube-dns pods") { rows in !rows.isEmpty && rows.allSatisfy { $0.name.hasPrefix("coredns-") } }
        #expect(dns.count == 2)
        #expect(rig.screen.contains("-l k8s-app=kube-dns"))
        let objects = try #require(rig.pane).data.objects
        #expect(objects.count == 2, "the watch itself holds only the selected pods")
        rig.press(.escape)
        #expect(rig.pane?.query?.labelSelector == nil)
        #expect(rig.waitForRows("every pod again") { $0.count == all.count }.count == all.count)
    }

    @Test func namespaceSwitchMovesTheTitleTheViewsAndTheServicesPane() throws {
        let rig = try ResourceRig()
        rig.command("ns kube-system")
        #expect(rig.console.options.namespace == "kube-system")
        #expect(rig.backend.namespace == "kube-system")
        rig.command("deploy")
        let rows = rig.waitForRows("kube-system deployments")
        #expect(rows.allSatisfy { $0.namespace == "kube-system" })
        #expect(rows.contains { $0.name == "coredns" })
        #expect(rig.screen.line(0).contains("kube-system"))
        #expect(rig.screen.contains("Deployments(kube-system)"))

        // 0: every namespace, and back.
        rig.press(.char("0"))
        #expect(rig.waitFor("every namespace") { pane, _ in pane.allNamespaces && pane.data.table?.columns.first?.name == "NAMESPACE" })
        rig.press(.char("0"))
        #expect(rig.waitFor("kube-system again") { pane, _ in pane.query?.namespace == "kube-system" && pane.data.table?.columns.first?.name == "NAME" })

        // The namespace view: Enter switches; the open one-namespace views follow.
        rig.command("ns")
        let namespaces = rig.waitForRows("the namespaces") { $0.contains { $0.name == "default" } }
        let index = try #require(namespaces.firstIndex { $0.name == "default" })
        rig.press(.char("g"))
        for _ in 0..<index { rig.press(.char("j")) }
        rig.press(.enter)
        #expect(rig.console.options.namespace == "default")
        #expect(rig.backend.namespace == "default")
        rig.command("po")
        #expect(rig.pane?.query?.namespace == "default")
        // Completion offers the cluster's namespaces.
        _ = rig.console.handle(.char(":"))
        for c in "ns kube-s" { _ = rig.console.handle(.char(c)) }
        _ = rig.console.handle(.tab)
        #expect(rig.console.inputLine == ":ns kube-system")
        _ = rig.console.handle(.escape)
    }

    @Test func describeShowsTheObjectAndItsEventsAndEscOrQReturns() throws {
        let rig = try ResourceRig()
        rig.command("po kube-system")
        let before = Set(rig.waitForRows("kube-system pods").map(\.name))
        // Kill one coredns pod (confirmed): its ReplicaSet makes another, which the scheduler places (an event).
        rig.filter("^coredns-")
        rig.press(.ctrl("k"))
        #expect(rig.pane?.subViewName == "confirm")
        rig.console.render(on: rig.screen, now: Date())
        #expect(rig.screen.contains("kill Pod/coredns-"))
        #expect(rig.screen.contains("? y/N"))
        rig.press(.char("y"))
        let fresh = rig.waitForRows("a new coredns pod") { rows in rows.contains { !before.contains($0.name) } }
        let newName = try #require(fresh.first { !before.contains($0.name) }?.name)
        rig.press(.escape)
        rig.filter("^\(newName)$")
        rig.press(.char("d"))
        #expect(rig.pane?.subViewName == "describe")
        // The events are at the end of a long description: G keeps the view at the bottom as they arrive.
        #expect(rig.waitFor("the Scheduled event") { _, screen in
            rig.press(.char("G"))
            return screen.contains("Successfully assigned kube-system/\(newName)")
        })
        #expect(rig.screen.contains("Events:"))
        #expect(rig.screen.contains("default-scheduler"))
        rig.press(.char("g"))
        rig.console.render(on: rig.screen, now: Date())
        #expect(rig.screen.contains("Name:           \(newName)"))
        #expect(rig.screen.contains("Namespace:      kube-system"))
        #expect(rig.screen.contains("Controlled By:  ReplicaSet/coredns-"))
        // q goes back to the list, it does not quit; Esc too.
        #expect(rig.console.handle(.char("q")) == .continue)
        #expect(rig.pane?.subViewName == nil)
        rig.press(.enter)
        #expect(rig.pane?.subViewName == "describe")
        rig.press(.escape)
        #expect(rig.pane?.subViewName == nil)
    }

    @Test func yamlMasksSecretDataUntilToggled() throws {
        let rig = try ResourceRig()
        try rig.create("/api/v1/namespaces/default/secrets", [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "db-login"], "type": "Opaque",
            "data": ["password": "aHVudGVyMg=="],
        ])
        rig.command("sec")
        _ = rig.waitForRows("the secret") { $0.contains { $0.name == "db-login" } }
        rig.filter("db-login")
        rig.press(.char("y"))
        #expect(rig.pane?.subViewName == "yaml")
        rig.console.render(on: rig.screen, now: Date())
        #expect(rig.screen.contains("password: '***'") || rig.screen.contains("password: \"***\"") || rig.screen.contains("password: ***"))
        #expect(!rig.screen.contains("aHVudGVyMg=="))
        #expect(rig.screen.contains("data masked (x shows it)"))
        rig.press(.char("x"))
        rig.console.render(on: rig.screen, now: Date())
        #expect(rig.screen.contains("aHVudGVyMg=="))
        rig.press(.char("x"))
        rig.console.render(on: rig.screen, now: Date())
        #expect(!rig.screen.contains("aHVudGVyMg=="))
        rig.press(.char("q"))
        #expect(rig.pane?.subViewName == nil)
    }

    @Test func deleteScaleAndRestartAreConfirmedAndSurviveAResize() throws {
        let rig = try ResourceRig()
        try rig.create("/api/v1/namespaces/default/configmaps", [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "scratch"], "data": ["a": "1"],
        ])
        rig.command("cm")
        _ = rig.waitForRows("the config map") { $0.contains { $0.name == "scratch" } }
        rig.filter("scratch")
        rig.press(.ctrl("d"))
        #expect(rig.pane?.subViewName == "confirm")
        rig.press(.resize)
        #expect(rig.pane?.subViewName == "confirm")
        rig.press(.char("n"))
        #expect(rig.pane?.subViewName == nil)
        #expect(rig.console.flashMessage?.contains("nothing was changed") == true)
        #expect((try? rig.client.get("/api/v1/namespaces/default/configmaps/scratch")) != nil)
        rig.press(.ctrl("d"), .char("y"))
        #expect(rig.eventually("the config map gone") { (try? rig.client.get("/api/v1/namespaces/default/configmaps/scratch")) == nil ? true : nil } == true)
        #expect(rig.waitFor("the delete's outcome") { _, _ in rig.console.messageHistory.contains { $0.text == "deleted ConfigMap/scratch" } })

        rig.command("deploy kube-system")
        _ = rig.waitForRows("deployments") { $0.contains { $0.name == "coredns" } }
        rig.filter("^coredns$")
        rig.press(.char("s"))
        #expect(rig.pane?.subViewName == "scale")
        rig.press(.resize, .backspace, .char("x"), .enter)
        #expect(rig.console.flashMessage?.contains("not a whole number") == true)
        rig.press(.backspace, .char("3"), .enter)
        #expect(rig.pane?.subViewName == "confirm")
        rig.console.render(on: rig.screen, now: Date())
        #expect(rig.screen.contains("scale Deployment/coredns in kube-system to 3 replicas? y/N"))
        rig.press(.char("y"))
        let path = "/apis/apps/v1/namespaces/kube-system/deployments/coredns"
        #expect(rig.eventually("3 replicas") { (try? rig.client.get(path))?.at("spec", "replicas")?.intValue == 3 ? true : nil } == true)

        // r is rollout restart here (not the console's refresh): the kubectl annotation on the pod template.
        rig.press(.char("r"))
        #expect(rig.pane?.subViewName == "confirm")
        rig.press(.char("y"))
        let stamped = rig.eventually("the restartedAt annotation") {
            (try? rig.client.get(path))?.at("spec", "template", "metadata", "annotations", ResourceAction.restartedAtAnnotation)?.stringValue
        }
        #expect(stamped.flatMap(Timestamp.parse) != nil)
    }

    @Test func readOnlyRefusesEveryActionAndHidesItsKeys() throws {
        let rig = try ResourceRig(readOnly: true)
        rig.command("deploy kube-system")
        _ = rig.waitForRows("deployments")
        for key in [Key.ctrl("d"), .char("s"), .char("r")] {
            rig.press(key)
            #expect(rig.pane?.subViewName == nil, "\(key)")
            #expect(rig.console.flashMessage?.hasPrefix("read-only mode") == true, "\(key)")
        }
        rig.command("po kube-system")
        _ = rig.waitForRows("pods")
        rig.press(.ctrl("k"))
        #expect(rig.pane?.subViewName == nil)
        #expect(rig.console.flashMessage?.hasPrefix("read-only mode") == true)
        let help = try #require(rig.pane).keyHelp(readOnly: true).map(\.keys)
        #expect(!help.contains("Ctrl-D") && !help.contains("Ctrl-K") && !help.contains("s") && !help.contains("r"))
        #expect(help.contains("Enter d") && help.contains("y"))
        rig.console.render(on: rig.screen, now: Date())
        let status = rig.screen.line(rig.screen.rows - 1)
        #expect(!status.contains("delete") && !status.contains("kill"))
        rig.press(.char("?"))
        rig.console.render(on: rig.screen, now: Date())
        #expect(rig.screen.contains("read-only mode"))
        #expect(!rig.screen.contains("kill the pod"))
    }

    @Test func logsOfAWorkloadFollowItsPods() throws {
        let rig = try ResourceRig()
        rig.command("deploy kube-system")
        _ = rig.waitForRows("deployments") { $0.contains { $0.name == "coredns" } }
        rig.filter("^coredns$")
        rig.press(.char("l"))
        #expect(rig.pane?.subViewName == "logs")
        #expect(rig.waitFor("coredns log lines") { _, screen in screen.contains("Logs: Deployment/coredns") && screen.contains("following") })
        rig.press(.char("q"))
        #expect(rig.pane?.subViewName == nil)
        rig.command("svc")
        _ = rig.waitForRows("services")
        rig.press(.char("l"))
        #expect(rig.console.flashMessage?.contains("not of Services") == true)
    }

    @Test func mouseWheelScrollsAndClicksSelectRowsAndTabs() throws {
        let rig = try ResourceRig()
        rig.command("po kube-system")
        let rows = rig.waitForRows("kube-system pods") { $0.count > 8 }
        rig.console.render(on: rig.screen, now: Date())
        // Body: the view's title on screen row 2, the header on 3, the first pod on 4.
        rig.press(.mouse(MouseEvent(.click, row: 7, column: 5)))
        #expect(rig.pane?.selectedRow?.name == rows[3].name)
        rig.press(.mouse(MouseEvent(.wheelDown, row: 10, column: 5)))
        #expect(rig.pane?.selectedRow?.name == rows[6].name)
        rig.press(.mouse(MouseEvent(.wheelUp, row: 10, column: 5)))
        #expect(rig.pane?.selectedRow?.name == rows[3].name)
        // A click on the title or header row selects nothing new.
        rig.press(.mouse(MouseEvent(.click, row: 3, column: 5)))
        #expect(rig.pane?.selectedRow?.name == rows[3].name)
        // A click on a tab switches to it; a click never answers a question.
        rig.press(.mouse(MouseEvent(.click, row: 1, column: 3)))
        #expect(rig.console.activePane.title == "Nodes")
        rig.command("po kube-system")
        _ = rig.waitForRows("kube-system pods again")
        rig.press(.ctrl("d"))
        #expect(rig.pane?.subViewName == "confirm")
        rig.press(.mouse(MouseEvent(.click, row: 1, column: 3)))
        #expect(rig.pane?.subViewName == "confirm")
        #expect(rig.console.activePane.title == "Resources")
        rig.press(.escape)
    }
}
