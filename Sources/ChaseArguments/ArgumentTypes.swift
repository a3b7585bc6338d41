import ArgumentParser
import ChaseCore
import Foundation

/// A UTC time on the command line, written as the files write them: `2026-01-09T10:00:00Z`.
public struct ISOTime: ExpressibleByArgument {
    public var date: Date

    public init?(argument: String) {
        guard let date = Timestamp.parse(argument) else { return nil }
        self.date = date
    }
}

/// An agent's number on the command line (0-99, as the config numbers agents); the parser refuses
/// anything else, so no command checks it again.
public struct AgentNumber: ExpressibleByArgument {
    public var value: Int

    public init?(argument: String) {
        guard let n = Int(argument), (0...99).contains(n) else { return nil }
        value = n
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
