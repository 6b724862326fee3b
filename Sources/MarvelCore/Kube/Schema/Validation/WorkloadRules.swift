/// The apps and batch validations: replicas, selectors that match the
/// template's labels, strategies, and the restart policy each controller needs.
extension ValidationRun {
    /// The selector checks every pod controller shares; `kindWord` ends "empty selector is invalid for …".
    func controllerSelector(_ spec: JSONValue?, _ path: FieldPath, kindWord: String) {
        guard let selector = spec?["selector"] else {
            add(.required(path.child("selector")))
            return
        }
        labelSelector(selector, path.child("selector"))
        if LabelSelectorMatch.isEmpty(selector) {
            add(
                FieldError(
                    kind: .invalid, field: path.child("selector"), badValue: LabelSelectorMatch.goSyntax(selector),
                    detail: "empty selector is invalid for \(kindWord)"))
        }
    }

    /// ValidatePodTemplateSpecForReplicaSet: labels match the selector, pod spec, restart policy Always.
    func replicatedTemplate(_ spec: JSONValue?, _ path: FieldPath, allowedRestart: [String] = ["Always"], claimTemplateNames: Set<String> = []) {
        let templatePath = path.child("template")
        guard let template = spec?["template"] else {
            add(.required(templatePath))
            return
        }
        if let selector = spec?["selector"], !LabelSelectorMatch.isEmpty(selector) {
            let labels = object(template.at("metadata", "labels"))
            if !LabelSelectorMatch.matches(selector, labels: labels) {
                add(
                    FieldError(
                        kind: .invalid, field: templatePath.child("metadata", "labels"),
                        badValue: GoValueText.stringMap(labels), detail: "`selector` does not match template `labels`"))
            }
        }
        podTemplate(template, templatePath, claimTemplateNames: claimTemplateNames)
        let restart = string(template.at("spec", "restartPolicy"))
        if !allowedRestart.contains(restart) {
            add(.notSupported(templatePath.child("spec", "restartPolicy"), .string(restart), allowedRestart))
        }
        if template.at("spec", "activeDeadlineSeconds") != nil, allowedRestart == ["Always"] {
            add(
                .invalid(
                    templatePath.child("spec", "activeDeadlineSeconds"), template.at("spec", "activeDeadlineSeconds") ?? .null,
                    "activeDeadlineSeconds in ReplicaSet is not Supported"))
        }
    }

    func deploymentSpec(_ spec: JSONValue?, _ path: FieldPath) {
        nonNegative(spec?["replicas"], path.child("replicas"))
        controllerSelector(spec, path, kindWord: "deployment")
        replicatedTemplate(spec, path)
        deploymentStrategy(spec?["strategy"], path.child("strategy"))
        nonNegative(spec?["minReadySeconds"], path.child("minReadySeconds"))
        nonNegative(spec?["revisionHistoryLimit"], path.child("revisionHistoryLimit"))
        if let deadline = spec?["progressDeadlineSeconds"] {
            nonNegative(deadline, path.child("progressDeadlineSeconds"))
            if let d = deadline.intValue, d <= spec?["minReadySeconds"]?.intValue ?? 0 {
                add(.invalid(path.child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds"))
            }
        }
    }

    private func deploymentStrategy(_ strategy: JSONValue?, _ path: FieldPath) {
        let type = string(strategy?["type"])
        switch type {
        case "Recreate":
            if strategy?["rollingUpdate"] != nil {
                add(.forbidden(path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"))
            }
        case "RollingUpdate":
            guard let rolling = strategy?["rollingUpdate"] else {
                add(.required(path.child("rollingUpdate"), "this should be defaulted and never be nil"))
                return
            }
            let p = path.child("rollingUpdate")
            intOrPercent(rolling["maxUnavailable"], p.child("maxUnavailable"), atMost100: true)
            intOrPercent(rolling["maxSurge"], p.child("maxSurge"), atMost100: false)
            if isZero(rolling["maxUnavailable"]), isZero(rolling["maxSurge"]) {
                add(.invalid(p.child("maxUnavailable"), rolling["maxUnavailable"] ?? 0, "may not be 0 when `maxSurge` is 0"))
            }
        default:
            add(
                FieldError(
                    kind: .notSupported, field: path,
                    badValue: "apps.DeploymentStrategy{Type:\(GoValueText.quoted(type)), RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}",
                    detail: "supported values: \"Recreate\", \"RollingUpdate\""))
        }
    }

    private func isZero(_ value: JSONValue?) -> Bool {
        guard let value else { return false }
        return value.intValue == 0 || value.stringValue == "0%"
    }

    /// validatePositiveIntOrPercent and IsNotMoreThan100Percent.
    private func intOrPercent(_ value: JSONValue?, _ path: FieldPath, atMost100: Bool) {
        guard let value else { return }
        if let s = value.stringValue {
            let digits = s.dropLast()
            guard s.hasSuffix("%"), !digits.isEmpty, digits.allSatisfy(\.isNumber), let percent = Int(digits) else {
                add(
                    .invalid(
                        path, value,
                        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "
                            + "regex used for validation is '[0-9]+%')"))
                return
            }
            if atMost100, percent > 100 { add(.invalid(path, value, "must not be greater than 100%")) }
        } else if let n = value.intValue, n < 0 {
            add(.invalid(path, value, "must be greater than or equal to 0"))
        }
    }

    func replicaSetSpec(_ spec: JSONValue?, _ path: FieldPath) {
        nonNegative(spec?["replicas"], path.child("replicas"))
        nonNegative(spec?["minReadySeconds"], path.child("minReadySeconds"))
        controllerSelector(spec, path, kindWord: "deployment")
        replicatedTemplate(spec, path)
    }

    func statefulSetSpec(_ spec: JSONValue?, _ path: FieldPath) {
        let policy = string(spec?["podManagementPolicy"])
        switch policy {
        case "": add(.required(path.child("podManagementPolicy")))
        case "OrderedReady", "Parallel": break
        default: add(.invalid(path.child("podManagementPolicy"), .string(policy), "must be 'OrderedReady' or 'Parallel'"))
        }
        let strategy = spec?["updateStrategy"]
        switch string(strategy?["type"]) {
        case "": add(.required(path.child("updateStrategy")))
        case "OnDelete":
            if let rolling = strategy?["rollingUpdate"] {
                add(.invalid(path.child("updateStrategy", "rollingUpdate"), rolling, "only allowed for updateStrategy 'RollingUpdate'"))
            }
        case "RollingUpdate":
            nonNegative(strategy?.at("rollingUpdate", "partition"), path.child("updateStrategy", "rollingUpdate", "partition"))
        default:
            add(.invalid(path.child("updateStrategy"), strategy?["type"] ?? "", "must be 'RollingUpdate' or 'OnDelete'"))
        }
        nonNegative(spec?["replicas"], path.child("replicas"))
        nonNegative(spec?["minReadySeconds"], path.child("minReadySeconds"))
        controllerSelector(spec, path, kindWord: "statefulset")
        // A container may mount a volumeClaimTemplates entry by its name (each pod gets that claim).
        let claimTemplates = Set(array(spec?["volumeClaimTemplates"]).map { string($0.at("metadata", "name")) }.filter { !$0.isEmpty })
        replicatedTemplate(spec, path, claimTemplateNames: claimTemplates)
    }

    func daemonSetSpec(_ spec: JSONValue?, _ path: FieldPath) {
        controllerSelector(spec, path, kindWord: "daemonset")
        replicatedTemplate(spec, path)
        nonNegative(spec?["minReadySeconds"], path.child("minReadySeconds"))
        nonNegative(spec?["revisionHistoryLimit"], path.child("revisionHistoryLimit"))
        let strategy = spec?["updateStrategy"]
        oneOf(strategy?["type"], ["OnDelete", "RollingUpdate"], path.child("updateStrategy", "type"))
    }

    func jobSpec(_ spec: JSONValue?, _ path: FieldPath) {
        for field in ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"] {
            nonNegative(spec?[field], path.child(field))
        }
        if spec?["manualSelector"]?.boolValue == true || spec?["selector"] != nil {
            controllerSelector(spec, path, kindWord: "job")
        }
        replicatedTemplate(spec, path, allowedRestart: ["OnFailure", "Never"])
        oneOf(spec?["completionMode"], ["NonIndexed", "Indexed"], path.child("completionMode"), required: false)
    }

    func cronJobSpec(_ spec: JSONValue?, _ path: FieldPath) {
        let schedule = string(spec?["schedule"])
        if schedule.isEmpty {
            add(.required(path.child("schedule")))
        } else if let problem = Self.cronProblem(schedule) {
            add(.invalid(path.child("schedule"), .string(schedule), problem))
        }
        oneOf(spec?["concurrencyPolicy"], ["Allow", "Forbid", "Replace"], path.child("concurrencyPolicy"))
        for field in ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"] {
            nonNegative(spec?[field], path.child(field))
        }
        let jobPath = path.child("jobTemplate")
        templateMeta(spec?.at("jobTemplate", "metadata"), jobPath.child("metadata"))
        jobSpec(spec?.at("jobTemplate", "spec"), jobPath.child("spec"))
    }

    /// The standard parser's complaint about a cron schedule, or nil.
    static func cronProblem(_ schedule: String) -> String? {
        if schedule.hasPrefix("@") {
            let known = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]
            return known.contains(schedule) || schedule.hasPrefix("@every ") ? nil : "unrecognized descriptor: \(schedule)"
        }
        let fields = schedule.split(separator: " ", omittingEmptySubsequences: true)
        if fields.count != 5 { return "expected exactly 5 fields, found \(fields.count): \(schedule)" }
        let allowed = Set("0123456789*/,-?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        for f in fields where !f.allSatisfy({ allowed.contains($0) }) {
            return "failed to parse int from \(f): strconv.Atoi: parsing \(GoValueText.quoted(String(f))): invalid syntax"
        }
        return nil
    }

    /// On update: a controller's selector never changes.
    func immutableSelector(_ new: JSONValue?, old: JSONValue?, _ path: FieldPath) {
        guard let oldSelector = old?["selector"], let newSelector = new?["selector"], oldSelector != newSelector else {
            return
        }
        add(
            FieldError(
                kind: .invalid, field: path.child("selector"), badValue: LabelSelectorMatch.goSyntax(newSelector),
                detail: "field is immutable"))
    }
}
