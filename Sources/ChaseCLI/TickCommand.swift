import ArgumentParser
import Chase
import ChaseCore

struct TickCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: "Process the commits since the last run and commit what the rules decide.",
        discussion: """
        Reads the first-parent commits since refs/chase/processed/<branch> (or the bot's last
        commit), derives events from the changes to queue/, reviews/ and outputs/, applies the
        rules to the files at the branch head, and commits the new and edited files on top of it.
        A second tick with nothing new changes nothing. A tick that finds nothing to do records so
        in the git folder (.git/chase/quiet, a cache like .git/chase/state.*), and the next plain
        tick with nothing new, before any SLA, lease, publication or retry is due, gives that
        answer again without reading the queue.

        With --push (as in GitHub Actions) it first fetches the branch and the bot's refs from the
        remote and ticks on the fetched head, then pushes the branch and the marker, never forced.
        If someone pushed meanwhile, it fetches again and redoes the tick on top of their commit,
        up to --push-attempts times. Notifications go out only for the tick that landed. Over
        HTTPS it authenticates as x-access-token with the token in GITHUB_TOKEN.

        Examples:
          chase tick                         # the current branch of the repository here
          chase tick --repo /srv/queue.git --branch main
          chase tick --dry-run --now 2026-01-09T12:00:00Z
          chase tick --json
          GITHUB_TOKEN=… chase tick --push   # fetch from origin, tick, push back
          chase tick --push --remote https://example.com/team/queue.git --push-attempts 5
          chase tick --push --github-output  # also name the agents it gave work (step outputs)

        With --github-output (inside a GitHub Actions step) it sets the step outputs `agents`, the \
        agents this tick just gave work — a task assigned, a review requested, a task released by \
        its dependencies, a task sent back for changes — as a comma-separated list (empty when \
        none), and `any` (true or false), so the workflow starts exactly those agents at once.
        """
    )

    @OptionGroup var common: CommonOptions

    @OptionGroup var branch: BranchOption

    @Flag(name: .long, help: "Print what the tick would do and write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Fetch from the remote first, tick on its head, and push the result (never forced).")
    var push = false

    @Option(name: .long, help: "With --push: the remote's name or URL.")
    var remote = "origin"

    @Option(name: .long, help: ArgumentHelp("With --push: fetch–tick–push rounds before giving up when others keep pushing (\(PushingTick.Options.attemptRange.lowerBound)-\(PushingTick.Options.attemptRange.upperBound)).", valueName: "N"))
    var pushAttempts = PushingTick.Options.defaultAttempts

    @Flag(name: .long, help: "Set the step outputs `agents` (the agents this tick gave work, like 2,9) and `any` (true or false).")
    var githubOutput = false

    func validate() throws {
        if !push && (remote != "origin" || pushAttempts != PushingTick.Options.defaultAttempts) {
            throw ValidationError("--remote and --push-attempts only apply with --push")
        }
    }

    func run() throws {
        if githubOutput, (GitHubActions().environment["GITHUB_OUTPUT"] ?? "").isEmpty {
            // Said before the tick writes anything.
            throw ChaseError.invalidArgument("--github-output needs GITHUB_OUTPUT, which GitHub Actions sets in a workflow step")
        }
        let options = Tick.Options(repoPath: common.repo, branch: branch.name, now: common.resolvedNow(), dryRun: dryRun)
        // Inside GitHub Actions the tick also writes its step summary and annotations.
        let report = push ? try PushingTick(options: .init(tick: options, remote: remote, attempts: pushAttempts)).run()
            : try Tick(options: options).run()
        if githubOutput {
            // The tick workflow starts exactly these agents now, instead of at their next hourly run.
            try GitHubActions().setStepOutputs(["agents": report.activate.map(String.init).joined(separator: ","),
                                                "any": report.activate.isEmpty ? "false" : "true"])
        }
        if common.json { printJSON(report); return }
        print(TickText.render(report))
    }
}

/// The tick's report for people.
enum TickText {
    static func render(_ r: TickReport) -> String {
        var lines: [String] = []
        let head = String(r.head.prefix(7))
        switch r.mode {
        case .incremental:
            lines.append("\(r.branch) at \(head): \(r.commitsRead) new commit\(r.commitsRead == 1 ? "" : "s")")
        default:
            lines.append("\(r.branch) at \(head)")
        }
        for note in r.notes { lines.append("note: \(note)") }
        for event in r.events { lines.append("  \(event.line)") }
        if let commit = r.commit {
            // A commit without files records the rules' own events (a dependency cycle, say).
            lines.append("committed \(commit.prefix(7)): \(r.writes.count) file\(r.writes.count == 1 ? "" : "s")"
                + (r.writes.isEmpty ? " (events only)" : ""))
            lines += r.writes.map { "  \($0)" }
        } else if r.writes.isEmpty {
            lines.append(r.events.isEmpty ? "nothing changed" : "no files to write")
        } else if r.dryRun {
            lines.append("dry run: would commit \(r.writes.count) file\(r.writes.count == 1 ? "" : "s"):")
            lines += r.writes.map { "  \($0)" }
        }
        if let p = r.push {
            let what = p.pushed.isEmpty ? "nothing to push to \(p.remote)" : "pushed to \(p.remote): \(p.pushed.joined(separator: ", "))"
            lines.append(what + (p.attempts > 1 ? " (attempt \(p.attempts))" : ""))
        }
        if let n = r.notifications { lines += NotificationLines.render(n) }
        // File names and values from files: each stays on its line (see `oneLine`).
        return lines.map(\.oneLine).joined(separator: "\n")
    }
}
