import ChaseCore
import Foundation

/// A tick with nothing new, answered without reading the queue. Most scheduled ticks find nothing:
/// no new commit, no deadline reached. A tick that found nothing to do leaves a record of it in the
/// git folder (`<git dir>/chase/quiet`): the head it read, its report, and the earliest time the
/// clock alone can change that (`Deadlines.next`, and the outbox's next retry). The next tick
/// whose branch, marker and notification refs are all still at that head, before that time, has
/// exactly that report to give, and gives it having read three refs and one small file: it does
/// not even start libgit2.
///
/// Like the parse cache it is only a cache: written whole (renamed into place), tied to the build
/// of chase, ignored when anything about it is unexpected, never committed. Only a plain tick uses
/// it (no dry run, no push, not inside GitHub Actions, whose step summary needs the whole tick, and
/// with the built-in config as the fallback); every other case goes the whole way.
enum QuietTick {
    struct Record: Codable {
        var version: Int
        var build: String
        var branch: String
        var head: String
        /// When the quiet tick ran (seconds since 1970, exactly): an earlier clock (`--now` in the
        /// past) is not answered from here.
        var since: Double
        /// The earliest time something can be due, likewise; nil: nothing ever is, until a commit.
        var until: Double?
        var report: TickReport
    }

    static let version = 1

    static func path(gitDir: String) -> String { gitDir + "/chase/quiet" }

    /// Whether `options` describe a tick this shortcut may answer or record.
    static func applies(to options: Tick.Options) -> Bool {
        options.quietShortcut && !options.dryRun && options.notify && options.config == .default
            && !GitHubActions(environment: options.environment).isActive
    }

    /// The report of a tick with nothing to do at `options.now`, when the record proves it; else nil.
    static func answer(_ options: Tick.Options) -> TickReport? {
        guard applies(to: options), let refs = RefFiles(repositoryAt: options.repoPath),
              let branch = options.branch ?? refs.headBranch(),
              let data = FileManager.default.contents(atPath: path(gitDir: refs.gitDir)),
              let record = try? Timestamp.jsonDecoder().decode(Record.self, from: data),
              record.version == version, record.build == StateCache.buildIdentity, record.branch == branch,
              record.since <= options.now.timeIntervalSince1970,
              record.until.map({ options.now.timeIntervalSince1970 < $0 }) ?? true else { return nil }
        for ref in ["refs/heads/\(branch)", Tick.markerRef(branch), NotificationStep.notifiedRef(branch)] {
            guard refs.target(ref) == record.head else { return nil }
        }
        return record.report
    }

    /// After a whole tick: records it when it found nothing to do and its refs (the branch, the
    /// marker, the notification ref) all stand at its head. `outboxRetry` is the outbox's next
    /// retry, or nil for none; nil `outboxRetry` or `refs` when they could not be read: no record.
    static func record(_ report: TickReport, options: Tick.Options, state: QueueState, context: RuleContext,
                       outboxRetry: Date??, refs: [String?]?, gitDir: String) {
        let path = path(gitDir: gitDir)
        // Whatever was recorded before is about another head or time; it goes whether or not this one is kept.
        try? FileManager.default.removeItem(atPath: path)
        guard applies(to: options), isQuiet(report), let outboxRetry, let refs,
              refs.allSatisfy({ $0 == report.head }) else { return }
        let until = [Deadlines.next(state: state, context: context), outboxRetry].compactMap { $0 }.min()
        if let until, until <= options.now { return }
        let record = Record(version: version, build: StateCache.buildIdentity, branch: report.branch, head: report.head,
                            since: options.now.timeIntervalSince1970, until: until?.timeIntervalSince1970, report: report)
        guard let data = try? Timestamp.jsonEncoder().encode(record) else { return }
        try? FileManager.default.createDirectory(atPath: gitDir + "/chase", withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Nothing read, said, written, committed, moved or noted: the same tick again would do the same.
    static func isQuiet(_ r: TickReport) -> Bool {
        r.mode == .incremental && r.commitsRead == 0 && r.events.isEmpty && r.writes.isEmpty && r.commit == nil
            && !r.markerMoved && !r.dryRun && r.notes.isEmpty && r.push == nil && r.activate.isEmpty
            && (r.notifications == nil || r.notifications == NotificationReport())
    }
}
