// swift-tools-version:6.0
import PackageDescription

/// The fuzz targets' folders under Tests/Fuzz (each with corpus/ and, once something was
/// found, regressions/).
let fuzzTargets = ["yaml", "json", "template", "kubeconfig", "npy", "idx", "checkpoint", "http", "pipeline", "chunked"]

let package = Package(
    name: "marvdash",
    products: [
        .executable(name: "marvdash", targets: ["marvdash"]),
        .executable(name: "marvdash-fuzz", targets: ["FuzzDriver"]),
        .library(name: "MarvelCore", targets: ["MarvelCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // No pkgConfig: ncursesw.pc adds -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600, which SwiftPM
        // drops with a warning on every build; shim.h defines what curses needs instead.
        .systemLibrary(name: "CCurses", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "MarvelCore", dependencies: ["CYAML", "CCurl", "CBLAS", "CZlib"],
            exclude: ["Kube/Schema/Generator"]),
        .target(name: "MarvelNet", dependencies: ["MarvelCore"]),
        .target(name: "MarvelSim", dependencies: ["MarvelCore", "MarvelNet"]),
        .target(name: "CTerminalGuard"),
        .target(name: "MarvelTUI", dependencies: ["MarvelCore", "CCurses", "CTerminalGuard"]),
        .executableTarget(
            name: "marvdash",
            dependencies: [
                "MarvelCore", "MarvelNet", "MarvelSim", "MarvelTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The PyTorch side of `marvdash bench --only conv`, run by the bench from the source tree.
            exclude: ["Bench/torch_l0_resnet.py"]
        ),
        .target(name: "RegistryFixture", dependencies: ["MarvelCore"], path: "Tests/RegistryFixture"),
        // Fuzz targets and their corpora (Tests/Fuzz/<target>/): `make fuzz` builds the driver with
        // libFuzzer; `make test` replays every corpus through FuzzCorpusTests.
        .target(
            name: "MarvelFuzz", dependencies: ["MarvelCore", "MarvelNet"], path: "Tests/Fuzz",
            exclude: ["Driver", "Replay", "LibFuzzer", "lsan.supp"] + fuzzTargets.flatMap { ["\($0)/corpus", "\($0)/regressions", "\($0)/fuzz.dict"] }),
        .target(name: "CLibFuzzer", path: "Tests/Fuzz/LibFuzzer"),
        .executableTarget(name: "FuzzDriver", dependencies: ["MarvelFuzz", "CLibFuzzer"], path: "Tests/Fuzz/Driver"),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["MarvelFuzz"], path: "Tests/Fuzz/Replay"),
        .testTarget(name: "MarvelCoreTests", dependencies: ["MarvelCore"]),
        .testTarget(name: "MarvelSimTests", dependencies: ["MarvelCore", "MarvelNet", "MarvelSim", "RegistryFixture"]),
        .testTarget(name: "MarvelTUITests", dependencies: ["MarvelCore", "MarvelSim", "MarvelTUI"]),
        .testTarget(name: "EndToEndTests", dependencies: ["marvdash", "RegistryFixture"]),
    ],
    swiftLanguageModes: [.v6]
)
