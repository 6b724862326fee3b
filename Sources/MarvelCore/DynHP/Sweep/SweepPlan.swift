/// The runs of a sweep: each one instance of the DynHP training template with its flags.
public struct SweepPlan: Sendable, Equatable {
    /// One run: its instance name and the flags it sets, in file order.
    public struct Run: Sendable, Equatable {
        /// 1-based position in the sweep.
        public var index: Int
        /// "<sweep>-<index>".
        public var instance: String
        public var flags: [Setting]

        public init(index: Int, instance: String, flags: [Setting]) {
            self.index = index
            self.instance = instance
            self.flags = flags
        }

        /// The template values of the run: one variable per flag, plus the sweep's name.
        public func values(sweep: String) -> [String: String] {
            var values = [SweepFlags.sweepVariable: sweep]
            for s in flags { if let v = SweepFlags.variable(of: s.flag) { values[v] = s.value } }
            return values
        }

        /// "--lambda 0.3 --alpha-bs 0.989".
        public var commandLine: String { flags.map { "--\($0.flag) \($0.value)" }.joined(separator: " ") }
    }

    /// One flag and its value, with where the file set it.
    public struct Setting: Sendable, Equatable {
        public var flag: String
        public var value: String
        public var mark: SourceMark

        public init(flag: String, value: String, mark: SourceMark) {
            self.flag = flag
            self.value = value
            self.mark = mark
        }
    }

    public var file: String
    public var name: String
    public var runs: [Run]

    public init(file: String, name: String, runs: [Run]) {
        self.file = file
        self.name = name
        self.runs = runs
    }

    /// The flags whose value differs between runs, in first-seen order (what a summary shows).
    public var varyingFlags: [String] {
        var order: [String] = []
        for run in runs { for s in run.flags where !order.contains(s.flag) { order.append(s.flag) } }
        return order.filter { flag in Set(runs.map { r in r.flags.last { $0.flag == flag }?.value ?? "" }).count > 1 }
    }
}
