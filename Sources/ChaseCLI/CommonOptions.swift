import ArgumentParser
import ChaseArguments
import ChaseCore
import Foundation

/// The options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The workflow repository: a work tree or a bare repository.")
    var repo: String = "."

    @Flag(name: .long, help: "Print JSON for programs instead of text for people.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Evaluate as of this UTC time (like 2026-01-09T10:00:00Z) instead of the clock.", valueName: "ISO8601"))
    var now: ISOTime?

    func resolvedNow() -> Date { now?.date ?? Date() }
}

/// `--branch`, for the commands that read or write one branch.
struct BranchOption: ParsableArguments {
    @Option(name: .customLong("branch"), help: ArgumentHelp("The branch (default: the branch HEAD points to).", valueName: "NAME"))
    var name: String?
}

func printJSON<T: Encodable>(_ value: T) {
    let encoder = Timestamp.jsonEncoder([.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    if let data = try? encoder.encode(value) { print(String(decoding: data, as: UTF8.self)) }
}
