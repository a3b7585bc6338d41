import ArgumentParser
import ChaseCore
import Foundation

/// A UTC time on the command line, written as the files write them: `2026-01-09T10:00:00Z`.
struct ISOTime: ExpressibleByArgument {
    var date: Date

    init?(argument: String) {
        guard let date = Timestamp.parse(argument) else { return nil }
        self.date = date
    }
}

// The core's value types as option values: the parser refuses any other value and `--help` lists them.

extension TaskType: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension Priority: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

extension EventType: ExpressibleByArgument {}
