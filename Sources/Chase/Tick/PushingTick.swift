import ChaseCore
import Foundation
import GitKit

/// How a pushing tick's pushes went, for the report.
public struct PushReport: Sendable, Codable, Equatable {
    /// The remote's name or URL.
    public var remote: String
    /// Fetch–tick–push rounds the tick took: 1 unless someone pushed meanwhile.
    public var attempts: Int
    /// The references the remote took: the tick's, then those written after its notifications.
    public var pushed: [String]

    public init(remote: String, attempts: Int, pushed: [String]) {
        self.remote = remote; self.attempts = attempts; self.pushed = pushed
    }
}

/// `chase tick --push`: the tick, run against a remote. Fetch the branch and the bot's refs, take
/// them as the local ones, tick on the fetched head, push branch and marker — fast-forwards only,
/// never forced. A push refused because someone pushed meanwhile is retried from a new fetch: the
/// bot's refused commit is dropped, the tick redone on top of their commit (so the rules see the
/// merged state), a bounded number of times. A refusal with the remote unchanged (a hook, a
/// protected branch) fails at once with the server's reason. Notifications go out only for the
/// tick that landed, after its push; what they write (the outbox, the notified ref) is pushed after.
public struct PushingTick {
    public struct Options {
        public static let defaultAttempts = 3
        public static let attemptRange = 1...10

        public var tick: Tick.Options
        /// A remote's name or a URL.
        public var remote: String
        /// Fetch–tick–push rounds before giving up, within `attemptRange`.
        public var attempts: Int

        public init(tick: Tick.Options, remote: String = "origin", attempts: Int = defaultAttempts) {
            self.tick = tick; self.remote = remote; self.attempts = attempts
        }

        /// Options that contradict each other or are out of range stop the tick before it touches anything.
        public func validate() throws {
            if tick.dryRun { throw ChaseError.invalidArgument("--push and --dry-run cannot be combined: a dry run writes nothing to push") }
            if !Options.attemptRange.contains(attempts) {
                throw ChaseError.invalidArgument("--push-attempts must be from \(Options.attemptRange.lowerBound) to \(Options.attemptRange.upperBound), not \(attempts)")
            }
        }
    }

    /// Where tests step in: just before a push, with the round's number (from 1).
    public enum Step: Sendable, Equatable {
        case beforePush(attempt: Int)
        /// Before pushing what the notifications wrote (the outbox commit, the notified ref).
        case beforeFollowUpPush(attempt: Int)
    }

    let options: Options
    let hook: (Step, Repository) throws -> Void
    let tickHook: (Tick.Step, Repository) throws -> Void

    public init(options: Options, hook: @escaping (Step, Repository) throws -> Void = { _, _ in },
                tickHook: @escaping (Tick.Step, Repository) throws -> Void = { _, _ in }) {
        self.options = options
        self.hook = hook
        self.tickHook = tickHook
    }

    public func run() throws -> TickReport {
        try ChaseError.reportingGit(runUnchecked)
    }

    private func runUnchecked() throws -> TickReport {
        try options.validate()
        let repo = try Repository.open(at: options.tick.repoPath)
        if repo.isShallow {
            throw ChaseError.incompleteHistory("the repository is a shallow clone, which libgit2 cannot fetch into; check it out with fetch-depth: 0 (nothing was changed)")
        }
        guard let branch = try options.tick.branch ?? repo.headBranch() else { throw ChaseError.noBranch }
        let remote = BotRefsRemote(remote: try Remote(repo, options.remote), branch: branch,
                                   credentials: RemoteCredentials(environment: options.tick.environment))
        var tickOptions = options.tick
        tickOptions.branch = branch
        tickOptions.notify = false
        tickOptions.summary = false
        let tick = Tick(options: tickOptions, hook: tickHook)
        let attempts = options.attempts

        var own: Set<Oid> = []
        var notes: [String] = []
        var state = try remote.fetch()
        var attempt = 0
        while true {
            attempt += 1
            guard let remoteHead = state.head else { throw ChaseError.remoteBranchMissing(branch: branch, remote: options.remote) }
            if let note = try take(state, repo: repo, remote: remote, own: own) { notes.append(note) }
            var report = try tick.run()
            if let commit = report.commit.flatMap(Oid.init(hex:)) { own.insert(commit) }
            let local = try remote.local(repo)
            try hook(.beforePush(attempt: attempt), repo)
            let outcome = try remote.push(local, over: state, repo: repo)
            // What the tick stands or falls by: its commit, or, when it wrote nothing, the marker.
            let primary = local.head != state.head ? remote.branchRef : remote.markerRef
            if let rejection = outcome.rejection, rejection.refused[primary] != nil {
                let fresh = try remote.fetch()
                if fresh == state {
                    try restore(repo, to: fresh, remote: remote)
                    throw ChaseError.pushRefused(rejection)
                }
                if attempt == attempts {
                    try restore(repo, to: fresh, remote: remote)
                    throw ChaseError.pushRaceLost(branch: branch, remote: options.remote, attempts: attempts)
                }
                notes.append("\(options.remote) moved while the tick ran (someone pushed); ticked again on \(fresh.head?.short ?? "its head")")
                state = fresh
                continue
            }
            for (ref, reason) in (outcome.rejection?.refused ?? [:]).sorted(by: { $0.key < $1.key }) {
                notes.append("\(options.remote) refused \(ref) (\(reason)); the tick landed, \(ref) is left as it was there")
            }
            report.notes = notes + report.notes
            report.push = PushReport(remote: options.remote, attempts: attempt, pushed: outcome.accepted)
            var landed = state
            landed.head = outcome.accepted.contains(remote.branchRef) ? local.head : remoteHead
            if outcome.accepted.contains(remote.markerRef) { landed.marker = local.marker }
            if outcome.accepted.contains(remote.notifiedRef) { landed.notified = local.notified }
            try tick.notify(&report)
            try pushFollowUp(&report, repo: repo, remote: remote, landed: landed, attempts: attempts)
            if options.tick.summary { tick.publishSummary(&report, config: try tick.config(of: report, repo: repo)) }
            return report
        }
    }

    /// Makes the local branch and the bot's refs what the remote has. The local branch may be
    /// behind (fast-forwarded) or hold only bot commits the remote lacks (this run's refused
    /// commit, or an earlier run's that never got pushed: dropped, the tick does their work again);
    /// anything else is someone's unpushed work, and the tick stops without touching it.
    private func take(_ state: BotRefs, repo: Repository, remote: BotRefsRemote, own: Set<Oid>) throws -> String? {
        guard let head = state.head else { return nil }
        var note: String?
        if let local = try repo.referenceTarget(remote.branchRef) {
            if local != head, try !repo.isAncestor(local, of: head) {
                let config = try ConfigLoader.load(repo: repo, tree: try repo.commit(local).tree, fallback: options.tick.config)
                let limit = 100
                let unpushed = try repo.firstParentHistory(from: local, stopAt: { (try? repo.isAncestor($0.oid, of: head)) == true }, limit: limit)
                let foreign = unpushed.filter { commit in
                    !own.contains(commit.oid) && !commit.isBotCommit(of: config.bot)
                }
                if !foreign.isEmpty || unpushed.count == limit {
                    throw ChaseError.unpushedCommits(branch: remote.branch, remote: options.remote, count: max(foreign.count, 1))
                }
                let earlier = unpushed.filter { !own.contains($0.oid) }.count
                if earlier > 0 {
                    note = "dropped \(earlier) bot commit\(earlier == 1 ? "" : "s") an earlier run did not push; this tick does that work again on \(options.remote)'s head"
                }
            }
            try BranchMove.move(repo: repo, branch: remote.branch, from: local, to: head)
        } else {
            // An unborn branch that is checked out would show every file as deleted once it exists.
            if repo.isCheckedOut(remote.branch) { throw ChaseError.emptyBranch(remote.branch) }
            try repo.updateReference(remote.branchRef, to: head, expected: nil, message: "chase: take \(head.short) from \(options.remote)")
        }
        try set(remote.markerRef, to: state.marker, in: repo)
        try set(remote.notifiedRef, to: state.notified, in: repo)
        return note
    }

    /// After a push that did not land: the local branch and refs as the remote has them, so no
    /// unpushed bot commit is left behind to confuse the next run.
    private func restore(_ repo: Repository, to state: BotRefs, remote: BotRefsRemote) throws {
        if let head = state.head, let local = try repo.referenceTarget(remote.branchRef), local != head {
            try BranchMove.move(repo: repo, branch: remote.branch, from: local, to: head)
        }
        try set(remote.markerRef, to: state.marker, in: repo)
        try set(remote.notifiedRef, to: state.notified, in: repo)
    }

    /// Pushes what the notifications wrote after the tick landed. Someone may push in between:
    /// then the outbox commit is made again on their head (the outbox is the bot's alone) and the
    /// marker stays where the remote has it, as their commit is not processed yet.
    private func pushFollowUp(_ report: inout TickReport, repo: Repository, remote: BotRefsRemote, landed: BotRefs,
                              attempts: Int) throws {
        var known = landed
        for attempt in 1...attempts {
            let local = try remote.local(repo)
            if local == known { return }
            try hook(.beforeFollowUpPush(attempt: attempt), repo)
            let outcome = try remote.push(local, over: known, repo: repo)
            let pushed = report.push?.pushed ?? []
            report.push?.pushed = pushed + outcome.accepted.filter { !pushed.contains($0) }
            guard let rejection = outcome.rejection else { return }
            let fresh = try remote.fetch()
            if fresh == known || attempt == attempts {
                report.notes.append("after the tick landed, \(rejection); the next tick catches up what is missing there")
                try restore(repo, to: fresh, remote: remote)
                if let outbox = report.notifications?.commit.flatMap(Oid.init(hex:)), let head = fresh.head,
                   try !repo.isAncestor(outbox, of: head) {
                    report.notifications?.commit = nil
                }
                return
            }
            guard let theirs = fresh.head, let mine = local.head else { return }
            var target = theirs
            if mine != known.head, let replayed = try BotFollowUpCommit.replay(mine, onto: theirs, repo: repo) {
                target = replayed
                if report.notifications?.commit == mine.hex { report.notifications?.commit = replayed.hex }
            }
            try BranchMove.move(repo: repo, branch: remote.branch, from: mine, to: target)
            try set(remote.markerRef, to: fresh.marker, in: repo)
            try set(remote.notifiedRef, to: local.notified == mine ? target : local.notified, in: repo)
            known = fresh
        }
    }

    private func set(_ ref: String, to value: Oid?, in repo: Repository) throws {
        let current = try repo.referenceTarget(ref)
        guard current != value else { return }
        if let value {
            try repo.updateReference(ref, to: value, expected: current, message: "chase: as on \(options.remote)")
        } else {
            try repo.deleteReference(ref)
        }
    }
}

/// The branch, the marker and the notified ref, as one side (the remote, or this repository) has them.
struct BotRefs: Equatable {
    var head: Oid?
    var marker: Oid?
    var notified: Oid?
}

/// The remote side of a pushing tick: fetches and pushes the branch and the bot's two refs.
struct BotRefsRemote {
    let remote: Remote
    let branch: String
    let credentials: RemoteCredentials

    var branchRef: String { "refs/heads/\(branch)" }
    var markerRef: String { Tick.markerRef(branch) }
    var notifiedRef: String { NotificationStep.notifiedRef(branch) }

    /// The three refs as the remote has them now; their commits are fetched too. A named remote's
    /// tracking branch follows, as after `git fetch`.
    func fetch() throws -> BotRefs {
        let branchSpec = remote.isNamed ? "+\(branchRef):refs/remotes/\(remote.name)/\(branch)" : branchRef
        let refs = try remote.fetch([branchSpec, markerRef, notifiedRef], credentials: credentials)
        return BotRefs(head: refs[branchRef], marker: refs[markerRef], notified: refs[notifiedRef])
    }

    func local(_ repo: Repository) throws -> BotRefs {
        BotRefs(head: try repo.referenceTarget(branchRef), marker: try repo.referenceTarget(markerRef),
                notified: try repo.referenceTarget(notifiedRef))
    }

    struct Outcome {
        /// References the remote took (deletions not counted).
        var accepted: [String] = []
        var rejection: PushRejection?
    }

    /// Pushes each of `local`'s refs that differs from `known` (what the remote was last seen to
    /// have). The branch goes alone and first, so that the bot's refs never name a commit the
    /// remote refused; it only ever fast-forwards. The bot's own refs go back or sideways after
    /// history is rewritten: such a ref is deleted and then created again, never forced.
    func push(_ local: BotRefs, over known: BotRefs, repo: Repository) throws -> Outcome {
        var branchRound: [String] = [], refRound: [String] = [], recreateRound: [String] = []
        if let mine = local.head, mine != known.head { branchRound.append("\(branchRef):\(branchRef)") }
        for (ref, mine, theirs) in [(markerRef, local.marker, known.marker), (notifiedRef, local.notified, known.notified)] {
            guard let mine, mine != theirs else { continue }
            let fastForward = try theirs.map { try repo.objectExists($0) && repo.isAncestor($0, of: mine) } ?? true
            if fastForward {
                refRound.append("\(ref):\(ref)")
            } else {
                refRound.append(":\(ref)")
                recreateRound.append("\(ref):\(ref)")
            }
        }
        var outcome = Outcome()
        for round in [branchRound, refRound, recreateRound] where !round.isEmpty {
            let created = round.filter { !$0.hasPrefix(":") }.map { String($0.split(separator: ":").last!) }
            do {
                try remote.push(round, credentials: credentials)
                outcome.accepted += created
            } catch let rejection as PushRejection {
                outcome.accepted += created.filter { rejection.refused[$0] == nil }
                outcome.rejection = rejection
                return outcome
            }
        }
        return outcome
    }
}
