/// The `dynhp train` flags a sweep may set, and the variable of the DynHP training
/// template ("dynhp-train") that carries each into the Job's command.
public enum SweepFlags {
    /// Flag name (without "--") → template variable, in the order `dynhp train --help` lists them.
    public static let variables: [(flag: String, variable: String)] = [
        ("dataset", "DATASET"), ("arch", "ARCH"), ("model", "MODEL"), ("lambda", "LAMBDA"), ("gamma", "GAMMA"), ("alpha-bs", "ALPHA_BS"),
        ("batch", "BATCH"), ("budget", "BUDGET"), ("epochs", "EPOCHS"), ("seed", "SEED"), ("mode", "MODE"),
        ("lr", "LR"), ("lr-schedule", "LR_SCHEDULE"), ("lr-batch-scaling", "LR_BATCH_SCALING"), ("lr-warmup", "LR_WARMUP"),
        ("gate-samples", "GATE_SAMPLES"), ("gate-lr", "GATE_LR"), ("layer-lambdas", "LAYER_LAMBDAS"),
        ("temperature", "TEMPERATURE"), ("init-drop-input", "INIT_DROP_INPUT"), ("init-drop-hidden", "INIT_DROP_HIDDEN"),
        ("finetune", "FINETUNE"), ("finetune-lr", "FINETUNE_LR"), ("ema", "EMA"),
    ]

    /// The template variable that names the sweep (and labels the pods `marvdash.io/sweep`).
    public static let sweepVariable = "SWEEP"
    /// The pod label holding the sweep's name.
    public static let sweepLabel = "marvdash.io/sweep"

    /// The variable of `flag` (nil: not a flag a sweep can set).
    public static func variable(of flag: String) -> String? {
        variables.first { $0.flag == flag }?.variable
    }

    /// The flag of `variable` (nil: not one of the flags).
    public static func flag(of variable: String) -> String? {
        variables.first { $0.variable == variable }?.flag
    }

    /// Every flag name, comma-separated (for messages).
    public static var names: String { variables.map(\.flag).joined(separator: ", ") }
}
