import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one child process cost, as the kernel measured it: wall time around fork and wait, and its
/// peak resident memory (`ru_maxrss` from `wait4`, which counts that child only).
struct Sample {
    var seconds: Double
    var peakBytes: Int

    /// Several children run one after the other: their times add up, the peak is the largest.
    static func sequence(_ samples: [Sample]) -> Sample {
        Sample(seconds: samples.reduce(0) { $0 + $1.seconds }, peakBytes: samples.map(\.peakBytes).max() ?? 0)
    }
}

/// A program run as a child process with its output in files, never through a pipe the parent
/// must drain, so the parent's own work is never part of the child's time.
struct ChildProcess {
    var executable: String
    var arguments: [String]
    var environment: [String: String] = [:]
    var stdinPath: String?
    var stdoutPath = "/dev/null"
    var stderrPath: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `chase-bench-spawn`, beside this executable: the measured program's parent.
    static let launcher = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("chase-bench-spawn").path

    /// Runs the child to its end; throws when it cannot start or exits non-zero.
    @discardableResult
    func run() throws -> Sample {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let result = stderrPath + ".result"
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        let argv: [UnsafeMutablePointer<CChar>?] = ([ChildProcess.launcher, result, executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, ChildProcess.launcher, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw Failure(description: "could not start \(ChildProcess.launcher): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: \(String(cString: strerror(errno)))") }
        }
        let fields = ((try? String(contentsOfFile: result, encoding: .utf8)) ?? "").split(separator: " ")
        guard status == 0, fields.count == 3, let childStatus = Int32(fields[0]), let kilobytes = Int(fields[1]),
              let seconds = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "\(ChildProcess.launcher) failed for \(executable)")
        }
        if childStatus != 0 {
            let err = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            let how = childStatus & 0x7F == 0 ? "exited with \((childStatus >> 8) & 0xFF)" : "was killed by signal \(childStatus & 0x7F)"
            throw Failure(description: "\(([executable] + arguments).joined(separator: " ")) \(how): \(err.suffix(2000))")
        }
        return Sample(seconds: seconds, peakBytes: kilobytes * 1024)
    }
}
