import MarvelCore

/// IDX files (MNIST and Fashion-MNIST images and labels), at the ranks the loader asks for.
enum IDXReaderFuzz {
    static let target = FuzzTarget(name: "idx", summary: "IDX reader (rank 1 labels, rank 3 images)") { bytes in
        let reader = IDXReader(hint: "fuzz")
        for rank in [1, 3] { _ = try? reader.decode(bytes, rank: rank, name: "fuzz.idx") }
    }
}
