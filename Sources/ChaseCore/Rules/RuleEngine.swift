/// Runs the rules over the state until they settle: a task unblocked in this tick is routed in this
/// tick, an approval that finishes a dependency unblocks its dependants, and so on. Each rule is
/// level-triggered (it reads the state, not the events), so running it twice changes nothing.
public enum RuleEngine {
    /// Passes before the engine stops looking for a fixed point; rules settle in a few.
    static let maxPasses = 16

    public static func run(state: QueueState, diffEvents: [Event], context: RuleContext) -> Workspace {
        var ws = Workspace(state: state, context: context)
        for event in diffEvents { ws.emitEvent(event) }
        let switches = context.config.rules
        for _ in 0..<maxPasses {
            let before = ws.version
            if switches.intake { Intake.apply(&ws) }
            if switches.dependencies { Dependencies.apply(&ws) }
            // Leases are part of the SLA monitor; before routing, so work taken back is routed at once.
            if switches.sla { Leases.apply(&ws) }
            if switches.routing { Routing.apply(&ws) }
            if switches.reviews { Approval.apply(&ws); Reviews.apply(&ws) }
            if switches.sla { SLA.apply(&ws) }
            if switches.publishing { Publishing.apply(&ws) }
            if ws.version == before { break }
        }
        // Problems that are not one file's syntax: reported when a file involved changed (and not
        // already reported from the diff, as a first tick reports every invalid file).
        let reported = Set(diffEvents.filter { $0.type == .fileInvalid }.map(\.subject))
        for problem in Dependencies.problems(in: ws.state) + ws.state.relationProblems
        where isChanged(problem, ws) && !reported.contains(problem.path) {
            ws.emitEvent(EventDerivation.invalidEvent(FileProblems([problem]), source: context.botSource))
        }
        return ws
    }

    private static func isChanged(_ problem: FileProblem, _ ws: Workspace) -> Bool {
        let changed = ws.context.changedPaths
        if changed.contains(problem.path) { return true }
        // A dependency deleted or edited elsewhere also counts: any changed task file named in the message.
        return changed.contains { path in
            path.hasPrefix(RepoPath.queue) && problem.message.contains(RepoPath.stem(path))
        }
    }
}
