import ArgumentParser
import Chase
import Foundation

/// The one way out of `chase`: every error a command throws ends here, as one line
/// `chase: <reason>` on standard error and the exit status the README documents.
///
/// - 0: done (also `--help` and `--version`).
/// - 1: bad input or a refusal: an option the parser rejects, a value that cannot be used, an
///   engine error (`ChaseError`), `chase validate` finding problems, anything unexpected.
/// - 2: `chase validate` could not check at all (not a repository, an unknown revision, an
///   incomplete history, an option it cannot use), which a workflow must not read as "problems
///   found": for validate, 1 means problems found and nothing else.
/// - `chase agents run` exits with its command's status.
enum CommandExit {
    static func run<Root: ParsableCommand>(_ root: Root.Type, _ arguments: [String]? = nil) -> Never {
        let arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
        do {
            var command = try root.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch {
            var (message, status) = outcome(of: error, root)
            if message != nil, status == 1, arguments.first == "validate" { status = 2 }
            guard let message else {
                if status == 0 { root.exit(withError: error) }  // --help, --version: ArgumentParser prints them
                exit(status)
            }
            FileHandle.standardError.write(Data("chase: \(message)\n".utf8))
            exit(status)
        }
    }

    /// The line to print (none when the command already said what happened) and the exit status.
    static func outcome<Root: ParsableCommand>(of error: Error, _ root: Root.Type) -> (message: String?, status: Int32) {
        switch error {
        case let error as ChaseError:
            if case .checkCannotRun = error { return (error.description, 2) }
            return (error.description, 1)
        case let code as ExitCode:
            // Thrown after the command printed its own result: validate's problems, an agent's status.
            return (nil, code.rawValue)
        default:
            if root.exitCode(for: error).isSuccess { return (nil, 0) }
            return (fileSystemMessage(error) ?? oneLine(root.message(for: error)), 1)
        }
    }

    /// A file system error in its own words and the path it names, not the bridged error's dump.
    private static func fileSystemMessage(_ error: Error) -> String? {
        let error = error as NSError
        guard error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain else { return nil }
        let path = error.userInfo[NSFilePathErrorKey] as? String
        return oneLine(error.localizedDescription) + (path.map { " (\($0))" } ?? "")
    }

    /// ArgumentParser's message on one line; a list of values it puts one a line (`  - task.created`)
    /// becomes a comma-separated list.
    private static func oneLine(_ text: String) -> String {
        var out = ""
        for line in text.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            if line.hasPrefix("- ") {
                out += (out.hasSuffix(":") ? " " : ", ") + line.dropFirst(2)
            } else {
                out += (out.isEmpty ? "" : " ") + line
            }
        }
        return out
    }
}
