import ChaseCore
import Foundation

/// `chase agents run`: runs an agent's configured command in the work tree with its work list —
/// the file paths of `chase next`, in order, as its last arguments — and `CHASE_AGENT` (the
/// number), `CHASE_WORK` (the paths, one a line), `CHASE_BRIEF` (the agent's brief, Markdown) and
/// `CHASE_BRIEF_FILE` (the same in a file, removed when the command ends) in its environment. Its output is the
/// command's own; its exit status is returned.
public enum AgentActivation {

    /// `fallback` is the config when the repository has none.
    public static func run(agent number: Int, repoPath: String, branch: String?, fallback: Config = .default, now: Date = Date(),
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int32 {
        let snapshot = try QueueSnapshot.load(repoPath: repoPath, branch: branch, fallback: fallback)
        guard let agent = snapshot.config.agent(number) else {
            throw ChaseError.agentCannotRun("agent \(number) is not in the config")
        }
        guard let program = agent.command.first else {
            throw ChaseError.agentCannotRun("\(agent.handle) has no command in .chase/config.yml (agents: … command: [program, args…])")
        }
        let workTree = try WorkTree.open(repoPath, for: "chase agents run runs the agent's command in a work tree").root
        let paths = WorkList.items(for: number, in: snapshot.state, config: snapshot.config).map(\.path)
        let process = Process()
        // A bare name is looked up on PATH, as a shell would; a relative path is the work tree's.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + agent.command.dropFirst() + paths
        process.currentDirectoryURL = URL(fileURLWithPath: workTree)
        var env = environment
        env["CHASE_AGENT"] = String(number)
        env["CHASE_WORK"] = paths.joined(separator: "\n")
        // The brief, in a file of its own for a command that takes a prompt file, and in the environment.
        let brief = AgentBrief.render(agent: number, config: snapshot.config, state: snapshot.state, now: now)
        let briefFile = FileManager.default.temporaryDirectory.appendingPathComponent("chase-brief-\(agent.handle)-\(UUID().uuidString).md")
        do {
            try Data(brief.utf8).write(to: briefFile)
        } catch {
            throw ChaseError.agentCannotRun("cannot write the brief to \(briefFile.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: briefFile) }
        env["CHASE_BRIEF"] = brief
        env["CHASE_BRIEF_FILE"] = briefFile.path
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ChaseError.agentCannotRun("\(program) could not be run: \(error.localizedDescription)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
