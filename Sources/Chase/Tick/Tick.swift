import ChaseCore
import Foundation
import GitKit

/// `chase tick`: read the commits since the last run, derive events, apply the rules to the state
/// at the head, commit the result on top of the head with compare-and-swap, move the marker.
public struct Tick {
    public struct Options: Sendable {
        public var repoPath: String
        public var branch: String?
        public var now: Date
        public var dryRun: Bool
        public var config: Config
        /// Where webhook URLs and GitHub Actions' files are looked up.
        public var environment: [String: String] = ProcessInfo.processInfo.environment
        /// Where GitHub Actions workflow commands (annotations) go: standard error, so `--json` stays clean.
        public var emit: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        /// False: step 7 waits for `notify(_:)`. A pushing tick delivers only once its push has
        /// landed, so a tick whose push was refused (and is redone) never notifies.
        public var notify = true
        /// Inside GitHub Actions, the step summary and annotations of the finished tick (see
        /// `TickSummary`). A pushing tick turns them off for its rounds and publishes once, for the
        /// tick that landed.
        public var summary = true
        /// A tick with nothing new, before anything is due, answered from the last quiet tick's
        /// record without reading the queue (`QuietTick`). Tests turn it off to compare.
        public var quietShortcut = true

        public init(repoPath: String, branch: String? = nil, now: Date, dryRun: Bool = false, config: Config = .default) {
            self.repoPath = repoPath; self.branch = branch; self.now = now; self.dryRun = dryRun; self.config = config
        }
    }

    /// Called between the steps of a tick; tests use it to move refs, or to stop the tick, at the
    /// worst moments.
    public enum Step: Sendable, CaseIterable {
        case afterObjectsWritten, beforeBranchUpdate, afterBranchUpdate, beforeMarkerUpdate, beforeNotifications
    }

    let options: Options
    var hook: (Step, Repository) throws -> Void = { _, _ in }

    public init(options: Options, hook: @escaping (Step, Repository) throws -> Void = { _, _ in }) {
        self.options = options
        self.hook = TestCrashPoint.wrap(hook, environment: options.environment)
    }

    public static func markerRef(_ branch: String) -> String { "refs/chase/processed/\(branch)" }

    public func run() throws -> TickReport {
        if let report = QuietTick.answer(options) { return report }
        return try ChaseError.reportingGit {
            var (report, config) = try runUnchecked()
            if options.summary { publishSummary(&report, config: config) }
            return report
        }
    }

    /// Inside GitHub Actions: the step summary and annotations of `report`, under the config the
    /// tick ran with. When the summary cannot be written, the tick stands and says so in a note.
    func publishSummary(_ report: inout TickReport, config: Config) {
        if let note = TickSummary.publish(report, settings: config.notifications, environment: options.environment, emit: options.emit) {
            report.notes.append(note)
        }
    }

    /// The config the tick ran with at `report`'s head (the repository's, over `options.config`).
    func config(of report: TickReport, repo: Repository) throws -> Config {
        guard let head = Oid(hex: report.head) else { return options.config }
        return try ConfigLoader.load(repo: repo, tree: try repo.commit(head).tree, fallback: options.config)
    }

    private func runUnchecked() throws -> (TickReport, Config) {
        let repo = try Repository.open(at: options.repoPath)
        guard let branch = try options.branch ?? repo.headBranch() else { throw ChaseError.noBranch }
        let branchRef = "refs/heads/\(branch)"
        guard let head = try repo.referenceTarget(branchRef) else { throw ChaseError.emptyBranch(branch) }
        let markerRef = Tick.markerRef(branch)
        let marker = try repo.referenceTarget(markerRef)
        let headCommit = try repo.commit(head)
        let config = try ConfigLoader.load(repo: repo, tree: headCommit.tree, fallback: options.config)
        let checkedOut = repo.isCheckedOut(branch)
        let caughtUp = checkedOut && !options.dryRun ? try WorkTreeCatchUp.run(repo: repo, head: headCommit, config: config) : nil

        // 1–2. The range, and the events its commits stand for.
        let range = try TickRange.find(repo: repo, head: head, marker: marker, branch: branch, bot: config.bot)
        let cache = ParseCache(persistentIn: repo)
        let read = try TickEvents.read(range.commits, repo: repo, cache: cache)
        var diffEvents = read.events
        var changed = read.changedPaths

        // 3. The state at the head.
        let loaded = try StateLoader(repo: repo, cache: cache).load(tree: headCommit.tree)
        if range.mode == .firstRun {
            // Nothing was ever reported: say what is wrong with the files as they are.
            for path in loaded.state.invalid.keys.sorted() {
                changed.insert(path)
                diffEvents.append(EventDerivation.invalidEvent(loaded.state.invalid[path]!, source: EventSource(
                    commit: head.hex, author: headCommit.author.name, email: headCommit.author.email, time: headCommit.author.time)))
            }
            changed.formUnion(loaded.state.tasks.values.map(\.path))
        }

        // 4. The rules; then the publisher, for what is due once they have run; then the rules again
        // with its answers. So a task the rules schedule for a time already past is published in
        // this tick, and the same tick run again has nothing left to do.
        var context = RuleContext(config: config, now: options.now, head: head.hex, changedPaths: changed)
        context.outputBlobs = try OutputBlobs.read(state: loaded.state, trees: try cache.trees(repo), tree: headCommit.tree)
        context.lastTouched = try LeaseClock.lastTouched(repo: repo, head: head, state: loaded.state, config: config, now: options.now)
        var ws = RuleEngine.run(state: loaded.state, diffEvents: diffEvents, context: context)
        let publication = try Publication.perform(state: ws.state, config: config, now: options.now, repo: repo,
                                                  tree: headCommit.tree, dryRun: options.dryRun, environment: options.environment)
        if !publication.posts.isEmpty {
            context.published = publication.posts
            ws = RuleEngine.run(state: loaded.state, diffEvents: diffEvents, context: context)
        }
        var original: [String: [UInt8]] = [:]
        for path in ws.editOrder { if let oid = loaded.blobs[path] { original[path] = try repo.blob(oid) } }
        let botSource = config.bot.eventSource(commit: head.hex, at: options.now)
        var plan = TickPlan.build(from: ws, original: original, source: botSource)
        plan.writes += publication.writes
        if let dashboard = try DashboardFile.write(state: ws.state, config: config, now: options.now, repo: repo, tree: headCommit.tree,
                                                   otherWrites: plan.writes.count, changedPaths: changed) {
            plan.writes.append(dashboard)
        }

        var report = TickReport(
            branch: branch, head: head.hex, mode: range.mode, since: range.start?.hex,
            commitsRead: range.commits.count, notes: [caughtUp, range.note].compactMap { $0 } + publication.notes, events: plan.events,
            writes: plan.writes.map(\.path), commit: nil, markerMoved: false, dryRun: options.dryRun)
        report.activate = NewWork.agents(events: plan.events, state: ws.state, config: config)

        // 5. Commit, if anything changed, or if the rules have events of their own to record
        // (a problem between files, such as a dependency cycle, writes nothing): the history of
        // events is read back from the commits, and people's events are derived from theirs.
        let ownEvents = plan.events.count > diffEvents.count
        if !plan.writes.isEmpty || ownEvents {
            if checkedOut {
                let dirty = try plan.writes.map(\.path).filter { try repo.pathStatus($0) != 0 }
                if !dirty.isEmpty { throw ChaseError.dirtyWorkTree(dirty) }
            }
            if options.dryRun { return (report, config) }
            try NotificationStep.anchor(repo: repo, branch: branch, at: head)
            var changes: [String: TreeChange] = [:]
            for w in plan.writes { changes[w.path] = .write(w.bytes) }
            let tree = changes.isEmpty ? headCommit.tree : try repo.buildTree(base: headCommit.tree, changes: changes)
            let message = CommitMessage.render(events: plan.events, writes: plan.writes.count, processedThrough: head.hex)
            let signature = config.bot.signature(at: options.now)
            let commit = try repo.createCommit(tree: tree, parents: [head], author: signature, committer: signature, message: message)
            try hook(.afterObjectsWritten, repo)
            try hook(.beforeBranchUpdate, repo)
            do {
                try repo.updateReference(branchRef, to: commit, expected: head, message: "chase: tick")
            } catch let error as GitError where error.isConflict {
                throw ChaseError.branchMoved(branch)
            }
            report.commit = commit.hex
            try hook(.afterBranchUpdate, repo)
            if checkedOut {
                do {
                    try repo.checkoutPaths(plan.writes.map(\.path), to: tree, baseline: headCommit.tree)
                } catch let error as GitError {
                    report.notes.append("committed, but the work tree was not updated: \(error.message)")
                }
            }
        }
        if options.dryRun { return (report, config) }
        // 6. The marker: the newest processed commit.
        func moveMarker() throws {
            let processed = report.commit.flatMap(Oid.init(hex:)) ?? head
            guard marker != processed else { return }
            try hook(.beforeMarkerUpdate, repo)
            do {
                try repo.updateReference(markerRef, to: processed, expected: marker, message: "chase: processed")
                report.markerMoved = true
            } catch let error as GitError where error.isConflict {
                // Another tick moved it; the bot's commit trailer still records what was processed.
                report.notes.append("\(markerRef) was moved by another run; left as it is")
            }
        }
        // 7. Notifications, after the commit: a failed delivery is kept in the outbox, never blocking.
        func notify() throws {
            try deliver(&report, repo: repo, config: config)
        }
        if !options.notify {
            try moveMarker()
            return (report, config)
        }
        // A commit carries its events, and a stopped run's are caught up from it, so the marker goes
        // first. Without a commit the events are only in this run: they are handed to delivery before
        // the marker moves past the commits they come from, or a crash in between would lose them.
        if report.commit != nil {
            try moveMarker()
            try notify()
        } else {
            try notify()
            try moveMarker()
            if QuietTick.applies(to: options) {
                // Only a cache: what it cannot read leaves it unwritten, and never fails the tick.
                let retry = try? NotificationStep.nextRetry(repo: repo, tree: headCommit.tree)
                let refs = try? [branchRef, markerRef, NotificationStep.notifiedRef(branch)].map { try repo.referenceTarget($0)?.hex }
                QuietTick.record(report, options: options, state: loaded.state, context: context,
                                 outboxRetry: retry, refs: refs, gitDir: repo.gitDir)
            }
        }
        return (report, config)
    }

    /// Step 7 for a tick run with `notify: false`, once its result has landed: delivers `report`'s
    /// events (and the outbox's due retries) and records the outcome in `report.notifications`.
    public func notify(_ report: inout TickReport) throws {
        try ChaseError.reportingGit {
            let repo = try Repository.open(at: options.repoPath)
            guard Oid(hex: report.head) != nil else { return }
            try deliver(&report, repo: repo, config: try config(of: report, repo: repo))
        }
    }

    private func deliver(_ report: inout TickReport, repo: Repository, config: Config) throws {
        try hook(.beforeNotifications, repo)
        guard let processed = Oid(hex: report.commit ?? report.head) else { return }
        report.notifications = try NotificationStep(settings: config.notifications, now: options.now, environment: options.environment,
                                                    emit: options.emit, bot: config.bot)
            .run(events: report.events, committed: report.commit != nil, processed: processed, repo: repo, branch: report.branch)
    }
}
