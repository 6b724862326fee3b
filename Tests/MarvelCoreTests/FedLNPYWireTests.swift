import Foundation
import MarvelCore
import Testing

/// The tensors FedL sends are NPY 1.0 bodies: byte for byte what numpy writes (magic, version,
/// little-endian header length, the dict padded with spaces and a newline to a multiple of 64,
/// C-order data), and numpy reads ours.
@Suite struct FedLNPYWireTests {
    /// The bytes `numpy.save` writes for `header` followed by `data` (hand-built: 10-byte
    /// preamble, header padded to 118 bytes so the data starts at 128).
    static func numpyBytes(header: String, data: [UInt8]) -> [UInt8] {
        let padded = header + String(repeating: " ", count: 118 - 1 - header.utf8.count) + "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0, 118, 0] + Array(padded.utf8) + data
    }

    @Test func float32MatrixIsByteForByteNumpys() throws {
        let values: [Float] = [0, 1, 2, 3, 4, 5]
        let bytes = NPYArray(values, shape: [2, 3]).encoded()
        let data = values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        let expected = Self.numpyBytes(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data: data)
        #expect(bytes == expected)
        #expect(bytes.count == 128 + 24)
        #expect(bytes[128 + 4] == 0x00 && bytes[128 + 7] == 0x3f)  // 1.0f = 0x3f800000, little-endian
        let decoded = try NPYArray.decode(expected, name: "w0.npy")
        #expect(decoded.shape == [2, 3] && decoded.floats == values)
    }

    @Test func int64VectorIsByteForByteNumpys() throws {
        let values: [Int64] = [1, -2, 300]
        let data = values.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        let expected = Self.numpyBytes(header: "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", data: data)
        #expect(NPYArray(values).encoded() == expected)
        #expect(Array(expected[136..<144]) == [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])  // −2
        #expect(try NPYArray.decode(expected, name: "units0.npy").int64s == values)
    }

    @Test func headerPaddingKeepsDataAlignedTo64ForEveryShape() {
        for shape in [[1], [7], [784, 300], [300, 100, 4], [0, 4], [123_456_789, 2]] {
            let count = shape.reduce(1, *)
            let bytes = NPYArray(dtype: .float32, shape: shape, data: [UInt8](repeating: 0, count: min(count, 16) * 4)).encoded()
            let length = Int(bytes[8]) | Int(bytes[9]) << 8
            #expect((10 + length) % 64 == 0, "shape \(shape)")
            #expect(bytes[10 + length - 1] == 0x0a, "the header ends with a newline")
        }
    }

    /// Refuses the numpy layouts a model tensor never has (Fortran order, big-endian).
    @Test func refusesFortranOrderAndBigEndianTensors() throws {
        let data: [UInt8] = [0, 0, 0x80, 0x3f]
        #expect(try NPYArray.decode(Self.numpyBytes(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data: data),
                                    name: "x").floats == [1])
        let fortran = Self.numpyBytes(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", data: data)
        #expect(throws: DatasetError.self) { _ = try NPYArray.decode(fortran, name: "x") }
        let bigEndian = Self.numpyBytes(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", data: data)
        #expect(throws: DatasetError.self) { _ = try NPYArray.decode(bigEndian, name: "x") }
    }

    /// numpy itself (installed in .venv by `make test`) loads a model's tensors as marvdash
    /// sends them, and marvdash decodes what numpy saves.
    @Test func numpyReadsOurTensorsAndWeReadNumpys() throws {
        let python = CatalogueValidationTests.repositoryRoot + "/.venv/bin/python3"
        #expect(FileManager.default.isExecutableFile(atPath: python), "\(python) is missing: run make test (it installs numpy into .venv)")
        guard FileManager.default.isExecutableFile(atPath: python) else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-npy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = FedLModel.initial(widths: [5, 3, 2], seed: 9).keeping(positions: [[0, 2, 4], [1, 2]])
        for (name, tensor) in model.tensors() { try tensor.write(to: dir + "/\(name).npy") }
        let script = """
            import numpy as np, sys
            d = sys.argv[1]
            w0 = np.load(d + '/w0.npy'); u0 = np.load(d + '/units0.npy'); u1 = np.load(d + '/units1.npy')
            assert w0.dtype == np.float32 and w0.shape == (3, 2), (w0.dtype, w0.shape)
            assert u0.dtype == np.int64 and list(u0) == [0, 2, 4], u0
            assert list(u1) == [1, 2], u1
            print(repr(float(w0[2, 1])))
            np.save(d + '/from_numpy.npy', np.arange(12, dtype=np.float32).reshape(3, 4) / 4)
            np.save(d + '/idx_numpy.npy', np.array([7, -1, 2**40], dtype=np.int64))
            """
        let result = try Self.run(python, ["-c", script, dir])
        #expect(result.status == 0, "numpy failed: \(result.output)")
        let w0 = try #require(model.tensors()["w0"]?.floats)
        #expect(Float(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) == w0[5])
        let fromNumpy = try NPYArray.read(from: dir + "/from_numpy.npy")
        #expect(fromNumpy.shape == [3, 4] && fromNumpy.floats == (0..<12).map { Float($0) / 4 })
        #expect(try NPYArray.read(from: dir + "/idx_numpy.npy").int64s == [7, -1, 1 << 40])
    }

    static func run(_ path: String, _ args: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
