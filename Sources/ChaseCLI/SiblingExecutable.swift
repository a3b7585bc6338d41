import Chase
import Foundation

/// A program installed beside the running `chase` (`chase-mcp`), found where this executable is
/// (`/proc/self/exe`, else the path it was started by) and run in place of this process.
enum SiblingExecutable {
    /// The folder of the running executable, symbolic links resolved.
    static func folder() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: startedAs()).resolvingSymlinksInPath().path
        return (me as NSString).deletingLastPathComponent
    }

    /// `CommandLine.arguments[0]`, looked up in `PATH` when it is a bare name.
    private static func startedAs() -> String {
        let zero = CommandLine.arguments[0]
        if zero.contains("/") { return zero }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/\(zero)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return zero
    }

    /// Replaces this process with `name` from `folder()`, given `arguments`; returns only by
    /// throwing: the program is missing or cannot be started.
    static func exec(_ name: String, arguments: [String], neededBy command: String) throws -> Never {
        let path = (folder() as NSString).appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ChaseError.agentCannotRun("\(command) needs \(name) installed beside chase (\(path))")
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) }
        argv.append(nil)
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        throw ChaseError.agentCannotRun("\(command) could not start \(path): \(reason)")
    }
}
