import ChaseCore
import Foundation

/// `chase agents due`: the agents to activate in the window `(since, at]`, read from the queue at
/// the branch head.
public struct DueAgentsReport: Sendable, Codable {
    /// The window: schedules that name a minute after `since` and up to `at` count.
    public var since: Date
    public var at: Date
    public var agents: [DueAgent]

    /// The agents workflow runs hourly, so a window defaults to the hour before `at`: each
    /// scheduled minute falls in exactly one run.
    public static let defaultWindow: TimeInterval = 3600

    /// With `agent`, only that agent, started by hand: due whatever its schedules say, and an error
    /// when it is not in the config or has no command. A schedule in the config that is not a cron
    /// expression is an invalid config; a window that does not end after it starts is an invalid argument.
    /// With `given`, the agents a tick just gave work (`chase tick --github-output`): those of them
    /// in the config with a command, whatever their schedules say.
    public static func load(repoPath: String, branch: String?, at: Date, since: Date? = nil, agent: Int? = nil,
                            given: [Int] = []) throws -> DueAgentsReport {
        let since = since ?? at.addingTimeInterval(-defaultWindow)
        guard since < at else {
            throw ChaseError.invalidArgument("--since \(Timestamp.format(since)) is not before --at \(Timestamp.format(at))")
        }
        let snapshot = try QueueSnapshot.load(repoPath: repoPath, branch: branch)
        if !given.isEmpty {
            let due = given.compactMap { try? AgentsDue.started(agent: $0, in: snapshot.state, config: snapshot.config) }
            return DueAgentsReport(since: since, at: at, agents: due)
        }
        if let agent {
            do {
                return DueAgentsReport(since: since, at: at, agents: [try AgentsDue.started(agent: agent, in: snapshot.state, config: snapshot.config)])
            } catch {
                throw ChaseError.invalidArgument(error.description)
            }
        }
        do {
            return DueAgentsReport(since: since, at: at, agents: try AgentsDue.find(in: snapshot.state, config: snapshot.config, since: since, at: at))
        } catch {
            throw ChaseError.invalidConfig(error.description)
        }
    }
}
