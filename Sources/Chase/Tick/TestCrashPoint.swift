import Foundation
import GitKit

/// Test-only: with `CHASE_TEST_CRASH_AT=<step>` (a `Tick.Step` name, e.g. `afterBranchUpdate`) in the
/// tick's environment, the process kills itself with SIGKILL at that step, so the reliability tests
/// can crash a real `chase tick` at its worst moments without timing tricks. Unset, it changes nothing.
enum TestCrashPoint {
    static let variable = "CHASE_TEST_CRASH_AT"

    static func wrap(_ hook: @escaping (Tick.Step, Repository) throws -> Void,
                     environment: [String: String]) -> (Tick.Step, Repository) throws -> Void {
        guard let name = environment[variable], !name.isEmpty else { return hook }
        return { step, repo in
            // SIGKILL, not abort(): no handler, no flush, no backtrace — the way a runner kills a job.
            if "\(step)" == name { kill(getpid(), SIGKILL) }
            try hook(step, repo)
        }
    }
}
