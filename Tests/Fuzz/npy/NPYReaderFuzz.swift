import MarvelCore

/// NPY tensors (checkpoints, model folders, FedL's wire format): decode and read the values.
enum NPYReaderFuzz {
    static let target = FuzzTarget(name: "npy", summary: "NPY 1.0 decoder and typed reads") { bytes in
        guard let array = try? NPYArray.decode(bytes, name: "fuzz.npy") else { return }
        _ = array.floats?.count
        _ = array.doubles?.count
        _ = array.int32s?.count
        _ = array.int64s?.count
        _ = array.uint64s?.count
        _ = try? NPYArray.decode(array.encoded(), name: "again.npy")
    }
}
