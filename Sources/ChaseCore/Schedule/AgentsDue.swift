import Foundation

/// An agent to activate now: it has work waiting, or one of its schedules came due since the last run.
public struct DueAgent: Sendable, Equatable, Codable {
    public var agent: Int
    /// `agent-02`.
    public var handle: String
    public var name: String
    /// Its work list, in order (see `WorkList`).
    public var work: [WorkItem]
    /// The schedule that came due in the window, and the minute it named.
    public var schedule: String?
    public var scheduledAt: Date?
    /// What the agents workflow runs for it; empty when the config gives it no command.
    public var command: [String]
    /// The git email it commits with (its first identity in the config), when it has one: the
    /// agents workflow commits what its command left uncommitted under this email, so that
    /// `chase validate` knows whose change it is.
    public var identity: String?

    /// Why it is due, for people: `3 items waiting, schedule 0 0,5,9 * * * at 05:00`.
    public var reason: String {
        var parts: [String] = []
        if !work.isEmpty { parts.append("\(work.count) item\(work.count == 1 ? "" : "s") waiting") }
        if let schedule, let at = scheduledAt {
            parts.append("schedule '\(schedule)' at \(Timestamp.format(at))")
        }
        return parts.isEmpty ? "started by hand" : parts.joined(separator: ", ")
    }
}

/// `chase agents due`: the agents with pending work, or a cron schedule due in the window since
/// the last run (`since`, exclusive, to `at`, inclusive), in agent order.
public enum AgentsDue {
    /// A schedule in the config that is not a cron expression, naming the agent.
    public struct ScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static func find(in state: QueueState, config: Config, since: Date, at: Date) throws(ScheduleError) -> [DueAgent] {
        var out: [DueAgent] = []
        for agent in config.agents.sorted(by: { $0.number < $1.number }) {
            var due: (String, Date)?
            for text in agent.schedules {
                let cron: CronSchedule
                do {
                    cron = try CronSchedule(text)
                } catch {
                    throw ScheduleError(description: "\(agent.handle)'s schedule: \(error.description)")
                }
                if let first = cron.firstMatch(after: since, through: at), due == nil || first < due!.1 { due = (cron.description, first) }
            }
            let work = WorkList.items(for: agent.number, in: state, config: config)
            guard !work.isEmpty || due != nil else { continue }
            out.append(DueAgent(agent: agent.number, handle: agent.handle, name: agent.name, work: work,
                                schedule: due?.0, scheduledAt: due?.1, command: agent.command, identity: agent.identities.first))
        }
        return out
    }

    /// The agent a person started by hand (the workflow's dispatch input): due whatever its
    /// schedules say, with its work list, so that its matrix row is built exactly as a scheduled one.
    public static func started(agent number: Int, in state: QueueState, config: Config) throws(ScheduleError) -> DueAgent {
        guard let agent = config.agent(number) else {
            let known = config.agents.map { String($0.number) }.joined(separator: ", ")
            throw ScheduleError(description: "agent \(number) is not in the config (its agents: \(known.isEmpty ? "none" : known))")
        }
        guard !agent.command.isEmpty else {
            throw ScheduleError(description: "\(agent.handle) has no command in .chase/config.yml, so there is nothing to run")
        }
        return DueAgent(agent: agent.number, handle: agent.handle, name: agent.name,
                        work: WorkList.items(for: agent.number, in: state, config: config),
                        schedule: nil, scheduledAt: nil, command: agent.command, identity: agent.identities.first)
    }

    /// The GitHub Actions job matrix for the agents that have a command:
    /// `{"include":[{"agent":2,"handle":"agent-02","email":"…"},…]}` (`email` only when it has an identity).
    public static func matrix(_ due: [DueAgent]) -> String {
        let rows = due.filter { !$0.command.isEmpty }.map { d in
            "{\"agent\":\(d.agent),\"handle\":\"\(d.handle)\"" + (d.identity.map { ",\"email\":\(jsonString($0))" } ?? "") + "}"
        }
        return "{\"include\":[" + rows.joined(separator: ",") + "]}"
    }

    private static func jsonString(_ s: String) -> String {
        String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
