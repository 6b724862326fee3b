import MarvelCore

/// Whether a deploy flow is still open after a key.
public enum DeployFlowOutcome: Sendable, Equatable {
    case open, closed
}

/// Deploying (or upgrading) one template from the console, step by step:
/// FORM (values validated as typed) → PREVIEW (the rendered YAML) → CONFIRM
/// (y/N) → PROGRESS (the backend's job, then its outcome). A value type that
/// any pane can host: the Templates pane for deploy, the Services pane for upgrade.
/// The preview also shows where the instance would run (computed in the
/// background by the backend); `m` and `o` change the placement mode and
/// policy, `p` switches between the placement view and the manifests, and an
/// impossible placement refuses the deploy with the placer's reasons.
/// Messages (refusals, failures) go to the console's message area through
/// `takeMessage`; Esc on a form with typed values asks before dropping them.
public struct DeployFlow: Sendable {
    /// Where the flow is.
    public enum Step: Sendable, Equatable {
        case form, preview, confirm, progress
    }

    public let template: Template
    /// Values set by the console itself (NAMESPACE, REGISTRY, …), hidden from the form.
    public let automatic: [String: String]
    /// The instance being upgraded; nil for a new deploy.
    public let upgrading: Instance?
    public private(set) var step: Step = .form
    public private(set) var form: DeployForm
    /// The rendered manifests as YAML (preview and confirm steps).
    public private(set) var preview = TextViewer(lines: [])
    /// How many objects the preview rendered.
    public private(set) var previewObjectCount = 0
    /// Why the values did not render; the flow will not deploy them.
    public private(set) var previewError: String?
    /// The message for the console to show, until the host pane takes it.
    var outbox: PaneFlash?
    /// True while Esc on an edited form asks whether to drop the typed values.
    public internal(set) var askingDiscard = false
    /// The submitted action (progress step).
    public private(set) var jobID: ConsoleJobID?
    /// Set when the flow closes with something to tell (the action's outcome).
    public private(set) var closingFlash: PaneFlash?
    /// Where the action places the instance (auto for a deploy, the recorded placement for an upgrade).
    public internal(set) var placement: ConsolePlacement
    /// The placement the flow started with; an upgrade keeps the recorded one unless it changed.
    public let initialPlacement: ConsolePlacement
    /// True while the preview shows the full placement view instead of the manifests (`p`).
    public internal(set) var showsPlacement = false
    /// The nodes node mode picks from (the ranked list of the decision before it), and the pick.
    public internal(set) var nodeChoices: [String] = []
    var placementViewer = TextViewer(lines: [])

    /// A flow for `template`, its form filled from `values` (else the defaults).
    /// With `upgrading`, NAME is the instance's and is not in the form.
    public init(template: Template, values: [String: String], automatic: [String: String], upgrading: Instance?) {
        self.template = template
        self.automatic = automatic
        self.upgrading = upgrading
        let fields = template.formVariables.filter { upgrading == nil || $0.name != "NAME" }
        let start = upgrading.map { ConsolePlacement(record: $0.placement) } ?? .auto
        form = DeployForm(variables: fields + [TolerateField.variable(start.tolerations)], values: values)
        placement = start
        initialPlacement = placement
    }

    /// The instance name the flow deploys or upgrades.
    public var instanceName: String {
        upgrading?.name ?? form.values["NAME"] ?? template.variable(named: "NAME")?.defaultText ?? template.id
    }

    /// The namespace of the action: the instance's, else NAMESPACE, else the backend's.
    public func namespace(context: PaneContext) -> String {
        upgrading?.namespace ?? automatic["NAMESPACE"] ?? context.backend?.namespace ?? "default"
    }

    /// The request confirming would submit.
    public func request(context: PaneContext) -> ConsoleRequest {
        if let instance = upgrading {
            if placement == initialPlacement {
                return .upgrade(name: instance.name, namespace: instance.namespace, values: form.values)
            }
            return .placedUpgrade(name: instance.name, namespace: instance.namespace, values: form.values, placement: placement)
        }
        return .placedDeploy(
            templateID: template.id, values: form.values, namespace: namespace(context: context), dryRun: false, placement: placement)
    }

    /// The confirmation question.
    public func question(context: PaneContext) -> String {
        let placed = placement == initialPlacement ? "" : " with placement \(placement)"
        if let instance = upgrading {
            return "Upgrade '\(instance.name)' to revision \(instance.revision + 1)\(placed)? y/N"
        }
        return "Deploy \(template.id) as '\(instanceName)' in namespace \(namespace(context: context))\(placed)? y/N"
    }

    /// What deploying is called in messages ("deploy" or "upgrade").
    var verb: String { upgrading == nil ? "deploy" : "upgrade" }

    /// True while the flow takes every key (typing, a y/N, the progress); the
    /// preview lets the console's own keys (`?`, `!`, `:`, panes) through.
    public var capturesAllKeys: Bool { step != .preview }

    /// The message to show now, once (the host pane passes it to the console).
    public mutating func takeMessage() -> PaneFlash? {
        defer { outbox = nil }
        return outbox
    }

    mutating func post(_ text: String, isError: Bool) {
        outbox = PaneFlash(text, isError: isError)
    }

    // MARK: keys

    /// Applies one key; `.closed` when the flow is done (cancelled or finished).
    /// Gives a new instance's form the namespace's instances from the last poll, so a
    /// taken name or a singleton conflict shows on NAME as it is typed.
    public mutating func noteTakenNames(context: PaneContext) {
        guard upgrading == nil, let backend = context.backend else { return }
        form.taken = TakenNames(backend.services(), namespace: namespace(context: context), template: template)
    }

    public mutating func handle(_ key: Key, context: PaneContext) -> DeployFlowOutcome {
        if step == .form { noteTakenNames(context: context) }
        switch step {
        case .form: return handleForm(key, context: context)
        case .preview: return handlePreview(key, context: context)
        case .confirm: return handleConfirm(key, context: context)
        case .progress: return handleProgress(key, context: context)
        }
    }

    private mutating func handleForm(_ key: Key, context: PaneContext) -> DeployFlowOutcome {
        if askingDiscard {
            askingDiscard = false
            guard key == .char("y") || key == .char("Y") else { return .open }
            closingFlash = PaneFlash("\(verb) of \(template.id) cancelled: the typed values were dropped")
            return .closed
        }
        switch key {
        case .escape:
            guard form.isEdited else {
                closingFlash = PaneFlash("\(verb) of \(template.id) cancelled")
                return .closed
            }
            askingDiscard = true
        case .enter:
            if let bad = form.firstInvalid {
                form.focus(on: bad)
                post("fix the marked value first: \(form.violation(at: bad) ?? "")", isError: true)
                return .open
            }
            placement.tolerations = form.tolerations
            buildPreview(context: context)
            step = .preview
        case .up, .backTab: form.move(by: -1)
        case .down, .tab: form.move(by: 1)
        case .char("k") where form.focusIsPicked: form.move(by: -1)
        case .char("j") where form.focusIsPicked: form.move(by: 1)
        default:
            _ = form.edit(key)
        }
        return .open
    }

    private mutating func handlePreview(_ key: Key, context: PaneContext) -> DeployFlowOutcome {
        switch key {
        case .escape, .char("q"):
            step = .form
        case .char("d"), .enter:
            if let previewError {
                post("cannot \(verb): \(previewError) — Esc goes back to the form", isError: true)
            } else if context.readOnly {
                post("read-only mode: \(verb) is turned off (started with --read-only or readOnly in the config)", isError: true)
                closingFlash = nil
            } else if context.backend == nil {
                post("no cluster backend: this console cannot \(verb)", isError: true)
            } else if let refusal = placementRefusal(context: context) {
                post(refusal, isError: true)
            } else {
                step = .confirm
            }
        default:
            if handlePlacementKey(key, context: context) { return .open }
            if showsPlacement {
                placementViewer.replaceLines(placementLines(context: context))
                _ = placementViewer.handle(key, height: max(1, context.viewport.height - 3))
            } else {
                _ = preview.handle(key, height: max(1, context.viewport.height - 2))
            }
        }
        return .open
    }

    private mutating func handleConfirm(_ key: Key, context: PaneContext) -> DeployFlowOutcome {
        switch key {
        case .char("y"), .char("Y"):
            guard !context.readOnly, let backend = context.backend else {
                step = .preview
                post("read-only mode: \(verb) is turned off", isError: true)
                return .open
            }
            if let refusal = placementRefusal(context: context) {
                step = .preview
                post(refusal, isError: true)
                return .open
            }
            jobID = backend.submit(request(context: context))
            step = .progress
        default:
            step = .preview
            post("not \(verb == "deploy" ? "deployed" : "upgraded") — d \(verb)s, Esc goes back to the form", isError: false)
        }
        return .open
    }

    private mutating func handleProgress(_ key: Key, context: PaneContext) -> DeployFlowOutcome {
        switch job(context: context)?.outcome {
        case .succeeded(let line)?:
            closingFlash = PaneFlash(line)
            return .closed
        case .failed(let line)?:
            step = .form
            jobID = nil
            post("\(verb) failed: \(secretMask.text(line))", isError: true)
            return .open
        case .running?, nil:
            if key == .escape {
                closingFlash = PaneFlash("the \(verb) of '\(instanceName)' goes on in the background — see the Services pane (2)")
                return .closed
            }
            return .open
        }
    }

    /// The submitted job as the backend reports it now.
    public func job(context: PaneContext) -> ConsoleJob? {
        guard let jobID else { return nil }
        return context.backend?.job(jobID)
    }

    // MARK: preview

    /// Hides the form's secret values (and the upgraded instance's) wherever they would show.
    var secretMask: SecretMask {
        var values = form.secretValues
        if let instance = upgrading { values += instance.values.filter { instance.secretNames.contains($0.key) }.map(\.value) }
        return SecretMask(values: values)
    }

    /// Renders the template with the form's values into the preview viewer.
    mutating func buildPreview(context: PaneContext) {
        var values = automatic.filter { template.variable(named: $0.key) != nil }
        for (k, v) in form.values { values[k] = v }
        if let instance = upgrading { values["NAME"] = instance.name }
        let ns = namespace(context: context)
        let auto = AutomaticValues(
            namespace: ns, hostname: automatic["HOSTNAME"],
            ingressDomain: context.backend?.ingressDomain ?? AutomaticValues.defaultIngressDomain,
            registry: automatic["REGISTRY"] ?? AutomaticValues().registry,
            privateDir: automatic["PRIVATE_DIR"] ?? automatic["PRIVATE"] ?? AutomaticValues().privateDir,
            sharedDir: automatic["SHARED_DIR"] ?? automatic["SHARED"] ?? AutomaticValues().sharedDir)
        do {
            let manifests = try template.render(values: values, automatic: auto).filter { !$0.isNull }
            previewObjectCount = manifests.count
            previewError = nil
            // Secrets never reach the screen: Secret data and every secret value are masked.
            let shown = secretMask.objects(manifests)
            preview = TextViewer(lines: YAML.emit(documents: shown).split(separator: "\n", omittingEmptySubsequences: false)
                .map { StyledLine(String($0)) })
        } catch {
            previewObjectCount = 0
            previewError = secretMask.text(String(describing: error))
            preview = TextViewer(lines: [StyledLine("✖ \(previewError ?? "")", TextStyle(.statusError, bold: true))])
        }
    }
}
