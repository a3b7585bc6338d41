import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `chase` binary run as a child process and waited for with `wait4`, so a test learns
/// how it ended (an exit code, or the signal that killed it) and what it cost: peak memory and CPU
/// time, measured by the kernel rather than by a clock in the test.
struct MeasuredRun {
    var exitCode: Int32?
    /// The signal that ended the process, when one did.
    var signal: Int32?
    var stdout: String
    var stderr: String
    /// Peak resident memory of the child, in bytes.
    var maxResidentBytes: Int
    /// User plus system CPU time of the child, in seconds.
    var cpuSeconds: Double

    var succeeded: Bool { exitCode == 0 }

    /// Runs `chase` with `args`; `env` is added to the test's environment. The Swift runtime's
    /// crash backtracer is switched off so that a crash ends the child at once.
    static func chase(_ args: [String], env: [String: String] = [:]) throws -> MeasuredRun {
        try run(ChaseBinary.url.path, args, env: env)
    }

    static func run(_ executable: String, _ args: [String], env extra: [String: String] = [:]) throws -> MeasuredRun {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chase-measured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outPath = dir.appendingPathComponent("out").path, errPath = dir.appendingPathComponent("err").path

        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment.merge(extra) { _, new in new }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Output goes to files, so a large output can never block the child on a full pipe.
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw NSError(domain: "spawn", code: Int(spawned), userInfo: [NSLocalizedDescriptionKey: "could not start \(executable)"])
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw NSError(domain: "wait4", code: Int(errno)) }
        }
        // The <sys/wait.h> macros are not imported: the low 7 bits are the signal, 0 for an exit.
        let signal = status & 0x7F
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
        return MeasuredRun(
            exitCode: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            maxResidentBytes: usage.ru_maxrss * 1024, cpuSeconds: cpu)
    }
}
