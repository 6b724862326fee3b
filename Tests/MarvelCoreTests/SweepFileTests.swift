import Testing
@testable import MarvelCore

/// Sweep files: grids multiply out, runs × grid, base under both, instance names, and
/// every mistake reported at file:line:col.
@Suite struct SweepFileTests {
    func parse(_ text: String, file: String = "lambda.sweep.yaml") throws -> SweepPlan { try SweepFile.parse(text, file: file) }

    func error(_ text: String) -> SweepFileError? {
        do throws(SweepFileError) {
            _ = try SweepFile.parse(text, file: "lambda.sweep.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func aGridMultipliesOutOverTheBase() throws {
        let plan = try parse("""
            base:
              epochs: 40
              lambda: 0.1
            grid:
              lambda: [0.1, 0.3]
              alpha-bs: [0.988, 0.989]
            """)
        #expect(plan.name == "lambda", "the file name up to its first dot")
        #expect(plan.runs.map(\.instance) == ["lambda-1", "lambda-2", "lambda-3", "lambda-4"])
        #expect(plan.runs.map(\.commandLine) == [
            "--epochs 40 --lambda 0.1 --alpha-bs 0.988", "--epochs 40 --lambda 0.1 --alpha-bs 0.989",
            "--epochs 40 --lambda 0.3 --alpha-bs 0.988", "--epochs 40 --lambda 0.3 --alpha-bs 0.989",
        ])
        #expect(plan.varyingFlags == ["lambda", "alpha-bs"])
        let values = plan.runs[3].values(sweep: plan.name)
        #expect(values == ["SWEEP": "lambda", "EPOCHS": "40", "LAMBDA": "0.3", "ALPHA_BS": "0.989"])
    }

    @Test func runsTimesTheGridAndAPlainList() throws {
        let plan = try parse("""
            name: table4-small
            runs:
            - {mode: sp, lambda: 0.05}
            - {mode: hp, --lambda: 0.3}
            grid:
              seed: [1, 2]
            """)
        #expect(plan.name == "table4-small")
        #expect(plan.runs.count == 4)
        #expect(plan.runs[1].commandLine == "--mode sp --lambda 0.05 --seed 2")
        #expect(plan.runs[2].commandLine == "--mode hp --lambda 0.3 --seed 1", "a leading -- is accepted")
        let list = try parse("- {mode: hp}\n- {mode: dynhp, finetune: 20, gate-lr: 0.003}\n", file: "/tmp/x/two.yaml")
        #expect(list.name == "two")
        #expect(list.runs.map(\.commandLine) == ["--mode hp", "--mode dynhp --finetune 20 --gate-lr 0.003"])
        #expect(list.runs[1].values(sweep: "two")["FINETUNE"] == "20")
    }

    @Test func mistakesNameTheFileLineAndColumn() {
        let unknown = error("grid:\n  lambda: [0.1]\n  speed: [1, 2]\n")
        #expect(unknown?.description.hasPrefix("lambda.sweep.yaml:3:3: 'speed' is not a flag a sweep can set (use dataset, arch, model, lambda") == true, "\(String(describing: unknown))")
        let list = error("runs:\n- {lambda: [0.1, 0.3]}\n")
        #expect(list?.description == "lambda.sweep.yaml:2:12: --lambda takes one value here; list several values under `grid:`")
        let clash = error("runs:\n- {lambda: 0.1}\ngrid:\n  lambda: [0.3]\n")
        #expect(clash?.description == "lambda.sweep.yaml:2:12: lambda is set both in this run and in grid; set it in one place")
        let name = error("name: Big_Sweep\ngrid: {lambda: [1]}\n")
        #expect(name?.mark == SourceMark(line: 1, column: 7))
        let key = error("grids: {lambda: [1]}\n")
        #expect(key?.description.contains("1:1: unknown key 'grids' (use name, base, grid, runs)") == true)
        let empty = error("grid:\n  lambda: []\n")
        #expect(empty?.description == "lambda.sweep.yaml:2:11: --lambda has no values")
        #expect(error("")?.description.contains("the file is empty") == true)
        #expect(error("name: x\n")?.description.contains("no runs") == true)
        let yaml = error("grid: {lambda: [1, 2}\n")
        #expect(yaml?.mark != nil, "a YAML syntax error has its position too")
    }
}
