import Foundation

/// Warnings the deploy-family commands print on stderr (stdout stays data).
enum CommandWarnings {
    static func print(_ warnings: [String]) {
        for line in warnings { FileHandle.standardError.write(Data("marvdash: warning: \(line)\n".utf8)) }
    }
}
