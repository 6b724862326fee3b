import Foundation
import MarvelFuzz
#if FUZZING
import CLibFuzzer
#endif

// `marvdash-fuzz`: the fuzz targets of Tests/Fuzz as one program.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (`make fuzz`), it hands its arguments
// to libFuzzer, which fuzzes the target MARVDASH_FUZZ_TARGET names. Built normally, it
// replays inputs without fuzzing:
//
//     marvdash-fuzz --list
//     marvdash-fuzz TARGET FILE_OR_FOLDER…        (each file is one input)
//     marvdash-fuzz --seed checkpoint OUTPUT     (writes the checkpoint target's seed)

/// The target being fuzzed; set once in `main` before libFuzzer starts.
nonisolated(unsafe) private var fuzzedTarget: FuzzTarget?

/// One input, as libFuzzer calls it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = fuzzedTarget else { return 0 }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(bytes)
    return 0
}

#if FUZZING
@main
struct FuzzDriver {
    static func main() {
        let name = ProcessInfo.processInfo.environment["MARVDASH_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTargets.named(name) else {
            let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("marvdash-fuzz: set MARVDASH_FUZZ_TARGET to one of \(names) (got '\(name)')\n".utf8))
            exit(2)
        }
        // Warm up on the seeds before libFuzzer counts allocations: lazily built globals (the
        // template catalogue, the seed dataset, Swift's metadata caches) are built once and
        // kept on purpose, which its leak check would otherwise report.
        for kind in ["corpus", "regressions"] {
            for file in FuzzCorpus.files(at: FuzzCorpus.folder(of: name, kind)) { target.run(FuzzCorpus.read(file)) }
        }
        fuzzedTarget = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzerTestOneInput(data, size) })
    }
}
#else
@main
struct FuzzDriver {
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        switch args.first {
        case "--list":
            for target in FuzzTargets.all { print("\(target.name)\t\(target.summary)") }
        case "--seed":
            guard args.count == 3, args[1] == "checkpoint" else { fail("usage: marvdash-fuzz --seed checkpoint OUTPUT") }
            do {
                try Data(try FuzzTargets.checkpointSeed()).write(to: URL(fileURLWithPath: args[2]))
            } catch {
                fail("cannot write the seed: \(error)")
            }
        case let name? where !name.hasPrefix("-"):
            guard let target = FuzzTargets.named(name) else { fail("unknown target \(name); see --list") }
            var count = 0
            for path in args.dropFirst() {
                for file in FuzzCorpus.files(at: path) {
                    target.run(FuzzCorpus.read(file))
                    count += 1
                }
            }
            print("\(name): \(count) inputs, no crash")
        default:
            fail("usage: marvdash-fuzz --list | TARGET FILE_OR_FOLDER… | --seed checkpoint OUTPUT")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("marvdash-fuzz: \(message)\n".utf8))
        exit(2)
    }
}
#endif
