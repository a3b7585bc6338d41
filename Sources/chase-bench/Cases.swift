import Chase
import ChaseCore
import Foundation
import GitKit

/// The benchmark's cases over generated repositories: each measures `chase` as a child process
/// against its baseline in the same run and prints one JSON line.
struct Cases {
    var chase: String
    var python: PythonBaseline?
    /// The strongest Python peer: the git command line reads, PyYAML's C loader parses.
    var pythonGit: PythonBaseline?
    var git: GitCommandLine
    var scratch: URL
    var rounds: Int
    var emit: (CaseResult) -> Void

    // MARK: - Shared steps

    func chaseTick(_ gitDir: String, now: String, extra: [String] = [], stdout: String = "/dev/null") -> ChildProcess {
        ChildProcess(executable: chase, arguments: ["tick", "--repo", gitDir, "--now", now] + extra,
                     environment: ["SWIFT_BACKTRACE": "enable=no", "GITHUB_ACTIONS": ""], stdoutPath: stdout,
                     stderrPath: scratch.appendingPathComponent("chase.err").path)
    }

    /// Points the branch at `head` and the marker at `marker` (nil: no marker), and forgets what
    /// earlier runs recorded, so every run of a case starts from the same repository.
    func reset(_ gitDir: String, head: String, marker: String?, notified: String? = nil) throws {
        let repo = try Repository.open(at: gitDir)
        let current = try repo.referenceTarget("refs/heads/main")
        if current?.hex != head {
            try repo.deleteReference("refs/heads/main")
            try repo.updateReference("refs/heads/main", to: Oid(hex: head)!, expected: nil, message: "bench: reset")
        }
        for ref in ["refs/chase/processed/main", "refs/chase/notified/main"] { try repo.deleteReference(ref) }
        if let marker {
            try repo.updateReference("refs/chase/processed/main", to: Oid(hex: marker)!, expected: nil, message: "bench: reset")
        }
        if let notified {
            try repo.updateReference("refs/chase/notified/main", to: Oid(hex: notified)!, expected: nil, message: "bench: reset")
        }
    }

    /// The files the tick keeps beside the repository (its cache), saved or put back as they were.
    func cacheDir(_ gitDir: String) -> URL { URL(fileURLWithPath: gitDir).appendingPathComponent("chase") }

    func saveCache(_ gitDir: String, as name: String) throws {
        let saved = scratch.appendingPathComponent("cache-\(name)")
        try? FileManager.default.removeItem(at: saved)
        if FileManager.default.fileExists(atPath: cacheDir(gitDir).path) {
            try FileManager.default.copyItem(at: cacheDir(gitDir), to: saved)
        }
    }

    func restoreCache(_ gitDir: String, from name: String?) throws {
        try? FileManager.default.removeItem(at: cacheDir(gitDir))
        guard let name else { return }
        let saved = scratch.appendingPathComponent("cache-\(name)")
        if FileManager.default.fileExists(atPath: saved.path) {
            try FileManager.default.copyItem(at: saved, to: cacheDir(gitDir))
        }
    }

    /// A first tick at `base`, as the previous run of the bot left things: the marker there and its
    /// cache warm. The generated queue is settled, so this tick must not write any file.
    func warmUp(_ gitDir: String, base: String, now: String, name: String) throws {
        try reset(gitDir, head: base, marker: nil)
        try restoreCache(gitDir, from: nil)
        let out = scratch.appendingPathComponent("warm.json").path
        try chaseTick(gitDir, now: now, extra: ["--json"], stdout: out).run()
        let report = try Cases.decodeReport(out)
        // A first tick commits the events of the files that do not parse (the generator writes a
        // few, as real queues hold them), but it must write no file.
        guard report.writes.isEmpty else {
            throw ChildProcess.Failure(description: "the generated queue is not settled: a tick at its base wrote \(report.writes.prefix(5))")
        }
        try saveCache(gitDir, as: name)
    }

    /// What one tick did, from its JSON report: a line on standard error for the person watching.
    func describe(_ gitDir: String, head: String, marker: String?, cache: String?, now: String, label: String) throws -> TickReport {
        try reset(gitDir, head: head, marker: marker)
        try restoreCache(gitDir, from: cache)
        let out = scratch.appendingPathComponent("check.json").path
        try chaseTick(gitDir, now: now, extra: ["--json"], stdout: out).run()
        let report = try Cases.decodeReport(out)
        progress("  \(label): \(report.mode), \(report.commitsRead) commits read, \(report.events.count) events, \(report.writes.count) files written")
        return report
    }

    static func decodeReport(_ path: String) throws -> TickReport {
        try Timestamp.jsonDecoder().decode(TickReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// How many times slower than chase the git-command-line Python peer should be.
    static let pythonGitTarget = 5.0

    func ratio(_ a: Figures, _ b: Figures) -> Double { Figures.round(a.seconds / max(b.seconds, 1e-9), places: 2) }

    // MARK: - replay

    /// A tick over `commits` new commits, against `git log --first-parent --raw -z` plus
    /// `git cat-file --batch` reading the changed task and review blobs (both sides).
    func replay(_ repo: (url: URL, stamp: GeneratedStamp), shape: Corpus.Shape, commits: Int, target: Double?) throws {
        let gitDir = repo.url.appendingPathComponent("repo.git").path
        let stamp = repo.stamp
        let head = stamp.history[commits - 1]
        try warmUp(gitDir, base: stamp.base, now: stamp.now, name: "replay")
        let report = try describe(gitDir, head: head, marker: stamp.base, cache: "replay", now: stamp.end, label: "replay of \(commits)")
        guard report.commitsRead == commits else {
            throw ChildProcess.Failure(description: "the replay tick read \(report.commitsRead) commits, not \(commits)")
        }

        let logOut = scratch.appendingPathComponent("log.z").path
        let blobList = scratch.appendingPathComponent("blobs.txt").path
        var contenders = [
            Contender(name: "chase", prepare: {
                try reset(gitDir, head: head, marker: stamp.base)
                try restoreCache(gitDir, from: "replay")
            }, run: { try chaseTick(gitDir, now: stamp.end).run() }),
            Contender(name: "git", run: {
                let log = try git.child(gitDir, ["log", "--first-parent", "--raw", "-z", "--no-abbrev", "\(stamp.base)..\(head)",
                                                 "--", "queue", "reviews", "outputs"], stdout: logOut).run()
                let blobs = RawOutput.changedBlobs(logZ: try Data(contentsOf: URL(fileURLWithPath: logOut)))
                try (blobs.joined(separator: "\n") + "\n").write(toFile: blobList, atomically: false, encoding: .utf8)
                let cat = try git.child(gitDir, ["cat-file", "--batch"], stdin: blobList).run()
                return Sample.sequence([log, cat])
            }),
        ]
        for (name, peer) in [("python", python), ("python-git", pythonGit)] {
            guard let peer else { continue }
            contenders.append(Contender(name: name, run: { try peer.child(["replay", gitDir, stamp.base, head]).run() }))
        }
        let figures = try measure(contenders, rounds: rounds)
        let chaseFigures = figures["chase"]!, gitFigures = figures["git"]!
        let r = ratio(chaseFigures, gitFigures)
        let peerRatio = figures["python-git"].map { ratio($0, chaseFigures) }
        var met = target.map { r <= $0 }
        var targetText = target.map { "at most \($0)x the git command line" }
        if let peerRatio {
            met = (met ?? true) && peerRatio >= Cases.pythonGitTarget
            targetText = (targetText.map { $0 + ", " } ?? "") + "the git-command-line Python peer at least \(Int(Cases.pythonGitTarget))x slower"
        }
        emit(CaseResult(
            name: "replay", shape: shape.rawValue, tasks: stamp.tasks, files: stamp.files, commits: commits, chase: chaseFigures,
            baseline: "git log --first-parent --raw -z + git cat-file --batch (changed task and review blobs)",
            baselineFigures: gitFigures, ratio: r, python: figures["python"],
            pythonRatio: figures["python"].map { ratio($0, chaseFigures) }, pythonGit: figures["python-git"],
            pythonGitRatio: peerRatio, target: targetText, met: met,
            note: "\(report.events.count) events, \(report.writes.count) files written"))
    }

    // MARK: - cold scan

    /// The state of every task and review with no cache (a first `chase tick --dry-run`), against
    /// `git ls-tree -r` plus `git cat-file --batch` reading every task and review blob.
    func coldScan(_ repo: (url: URL, stamp: GeneratedStamp), shape: Corpus.Shape, target: Double?, memoryTargetMB: Double?) throws {
        let gitDir = repo.url.appendingPathComponent("repo.git").path
        let stamp = repo.stamp
        let report = try describe(gitDir, head: stamp.base, marker: nil, cache: nil, now: stamp.now, label: "cold scan of \(stamp.tasks)")
        _ = report
        let treeOut = scratch.appendingPathComponent("tree.z").path
        let blobList = scratch.appendingPathComponent("blobs.txt").path
        var contenders = [
            Contender(name: "chase", prepare: {
                try reset(gitDir, head: stamp.base, marker: nil)
                try restoreCache(gitDir, from: nil)
            }, run: { try chaseTick(gitDir, now: stamp.now, extra: ["--dry-run"]).run() }),
            Contender(name: "git", run: {
                let tree = try git.child(gitDir, ["ls-tree", "-r", "-z", "--full-tree", stamp.base, "--", "queue", "reviews"],
                                         stdout: treeOut).run()
                let blobs = RawOutput.treeBlobs(lsTreeZ: try Data(contentsOf: URL(fileURLWithPath: treeOut)))
                try (blobs.joined(separator: "\n") + "\n").write(toFile: blobList, atomically: false, encoding: .utf8)
                let cat = try git.child(gitDir, ["cat-file", "--batch"], stdin: blobList).run()
                return Sample.sequence([tree, cat])
            }),
        ]
        for (name, peer) in [("python", python), ("python-git", pythonGit)] {
            guard let peer else { continue }
            contenders.append(Contender(name: name, run: { try peer.child(["scan", gitDir, stamp.base]).run() }))
        }
        let figures = try measure(contenders, rounds: rounds)
        let chaseFigures = figures["chase"]!, gitFigures = figures["git"]!
        let r = ratio(chaseFigures, gitFigures)
        var met = target.map { r <= $0 }
        var targetText = target.map { "at most \($0)x the git command line" }
        if let memoryTargetMB {
            met = (met ?? true) && chaseFigures.peakMB < memoryTargetMB
            targetText = (targetText.map { $0 + ", " } ?? "") + "under \(Int(memoryTargetMB)) MB"
        }
        let peerRatio = figures["python-git"].map { ratio($0, chaseFigures) }
        if target != nil, let peerRatio {
            met = (met ?? true) && peerRatio >= Cases.pythonGitTarget
            targetText = (targetText.map { $0 + ", " } ?? "") + "the git-command-line Python peer at least \(Int(Cases.pythonGitTarget))x slower"
        }
        emit(CaseResult(
            name: "cold-scan", shape: shape.rawValue, tasks: stamp.tasks, files: stamp.files, commits: nil, chase: chaseFigures,
            baseline: "git ls-tree -r + git cat-file --batch (every task and review blob)", baselineFigures: gitFigures,
            ratio: r, python: figures["python"], pythonRatio: figures["python"].map { ratio($0, chaseFigures) },
            pythonGit: figures["python-git"], pythonGitRatio: peerRatio, target: targetText, met: met, note: nil))
    }

    // MARK: - incremental

    /// A tick over one commit that changes one task, with the cache as the previous tick left it.
    /// Returns the figures, so the caller can compare sizes.
    func incremental(_ repo: (url: URL, stamp: GeneratedStamp)) throws -> Figures {
        let gitDir = repo.url.appendingPathComponent("repo.git").path
        let stamp = repo.stamp
        let head = stamp.heads["incremental"]!
        try warmUp(gitDir, base: stamp.base, now: stamp.now, name: "queue")
        _ = try describe(gitDir, head: head, marker: stamp.base, cache: "queue", now: stamp.now, label: "incremental at \(stamp.tasks)")
        let figures = try measure([
            Contender(name: "chase", prepare: {
                try reset(gitDir, head: head, marker: stamp.base)
                try restoreCache(gitDir, from: "queue")
            }, run: { try chaseTick(gitDir, now: stamp.now).run() }),
        ], rounds: max(rounds, 5))
        return figures["chase"]!
    }

    // MARK: - idle

    /// A tick with nothing new (the marker at the head, the cache and the quiet tick's record as the
    /// previous scheduled tick, which found nothing, left them): what the bot costs on every
    /// scheduled run of a quiet day, against `git log -1`. The target is at most 3x git's time plus
    /// 5 ms. The whole tick without the record (the first quiet tick, or one past a deadline) is
    /// measured beside it and given in the note.
    func idle(_ repo: (url: URL, stamp: GeneratedStamp), shape: Corpus.Shape, judged: Bool) throws {
        let gitDir = repo.url.appendingPathComponent("repo.git").path
        let stamp = repo.stamp
        try warmUp(gitDir, base: stamp.base, now: stamp.now, name: "queue")
        // Half a minute before the generated queue's time: its times are whole minutes and its limits
        // whole hours, so at that very time some clocks run out (a second later the tick acts), which
        // is not a quiet moment. Nothing runs out in between (the queue is settled at its time).
        let now = Timestamp.format(Timestamp.parse(stamp.now)!.addingTimeInterval(-30))
        let report = try describe(gitDir, head: stamp.base, marker: stamp.base, cache: "queue", now: now,
                                  label: "idle at \(stamp.tasks)")
        guard report.commit == nil else {
            throw ChildProcess.Failure(description: "the idle tick wrote \(report.writes.prefix(5))")
        }
        // A queue with a deadline at this very moment (a clock that runs out a second later) cannot be
        // answered from a record: every tick at that time is whole, and the note says so.
        let recorded = FileManager.default.fileExists(atPath: cacheDir(gitDir).appendingPathComponent("quiet").path)
        if recorded { try saveCache(gitDir, as: "idle") }
        let figures = try measure([
            Contender(name: "chase", prepare: {
                try reset(gitDir, head: stamp.base, marker: stamp.base, notified: stamp.base)
                try restoreCache(gitDir, from: recorded ? "idle" : "queue")
            }, run: { try chaseTick(gitDir, now: now).run() }),
            Contender(name: "chase-whole", prepare: {
                try reset(gitDir, head: stamp.base, marker: stamp.base, notified: stamp.base)
                try restoreCache(gitDir, from: "queue")
            }, run: { try chaseTick(gitDir, now: now).run() }),
            Contender(name: "git", run: { try git.child(gitDir, ["log", "-1"]).run() }),
        ], rounds: max(rounds, 5))
        let chaseFigures = figures["chase"]!, gitFigures = figures["git"]!, whole = figures["chase-whole"]!
        let allowed = 3 * gitFigures.seconds + 0.005
        emit(CaseResult(
            name: "idle", shape: shape.rawValue, tasks: stamp.tasks, files: stamp.files, commits: 0, chase: chaseFigures,
            baseline: "git log -1", baselineFigures: gitFigures, ratio: ratio(chaseFigures, gitFigures), python: nil,
            pythonRatio: nil, target: judged ? "at most 3x git log -1 plus 5 ms" : nil,
            met: judged ? chaseFigures.seconds <= allowed : nil,
            note: String(format: "allowed %.1f ms; the whole tick without the quiet record: %.1f ms, %d MB", allowed * 1000,
                         whole.seconds * 1000, Int(whole.peakMB))
                + (recorded ? "" : "; no quiet record: a deadline falls at this very time, so this tick is whole too")))
    }

    // MARK: - commit-back

    /// A tick whose commit writes 100 files, against the git command line committing the same
    /// 100 files the way a shell script would (hash-object, read-tree, update-index, write-tree,
    /// commit-tree, update-ref).
    func commitBack(_ repo: (url: URL, stamp: GeneratedStamp), shape: Corpus.Shape) throws {
        let gitDir = repo.url.appendingPathComponent("repo.git").path
        let stamp = repo.stamp
        let head = stamp.heads["commit-back"]!
        try warmUp(gitDir, base: stamp.base, now: stamp.now, name: "queue")
        let report = try describe(gitDir, head: head, marker: stamp.base, cache: "queue", now: stamp.now,
                                  label: "commit-back at \(stamp.tasks)")
        guard let botCommit = report.commit, report.writes.count >= 100 else {
            throw ChildProcess.Failure(description: "the commit-back tick wrote \(report.writes.count) files")
        }
        // The same files, on disk, for the git command line to commit.
        let files = scratch.appendingPathComponent("commit-back-files")
        try? FileManager.default.removeItem(at: files)
        let git2 = try Repository.open(at: gitDir)
        let botTree = try git2.commit(Oid(hex: botCommit)!).tree
        var paths: [String] = []
        for path in report.writes {
            let url = files.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(git2.blob(at: path, in: botTree)!.bytes).write(to: url)
            paths.append(url.path)
        }
        let pathList = scratch.appendingPathComponent("paths.txt").path
        try (paths.joined(separator: "\n") + "\n").write(toFile: pathList, atomically: false, encoding: .utf8)
        let index = scratch.appendingPathComponent("bench.index").path
        let oidsOut = scratch.appendingPathComponent("oids.txt").path
        let indexInfo = scratch.appendingPathComponent("index-info.txt").path
        let treeOut = scratch.appendingPathComponent("tree.txt").path
        let commitOut = scratch.appendingPathComponent("commit.txt").path

        let figures = try measure([
            Contender(name: "chase", prepare: {
                try reset(gitDir, head: head, marker: stamp.base)
                try restoreCache(gitDir, from: "queue")
            }, run: { try chaseTick(gitDir, now: stamp.now).run() }),
            Contender(name: "git", prepare: {
                try reset(gitDir, head: head, marker: stamp.base)
                try? FileManager.default.removeItem(atPath: index)
            }, run: {
                let env = ["GIT_INDEX_FILE": index, "GIT_AUTHOR_NAME": "bot", "GIT_AUTHOR_EMAIL": "bot@example.com",
                           "GIT_COMMITTER_NAME": "bot", "GIT_COMMITTER_EMAIL": "bot@example.com"]
                var samples = [try git.child(gitDir, ["hash-object", "-w", "--stdin-paths"], stdin: pathList, stdout: oidsOut).run()]
                let oids = try String(contentsOfFile: oidsOut, encoding: .utf8).split(separator: "\n")
                let info = zip(oids, report.writes).map { "100644 \($0)\t\($1)" }.joined(separator: "\n") + "\n"
                try info.write(toFile: indexInfo, atomically: false, encoding: .utf8)
                samples.append(try git.child(gitDir, ["read-tree", head], env: env).run())
                samples.append(try git.child(gitDir, ["update-index", "--index-info"], stdin: indexInfo, env: env).run())
                samples.append(try git.child(gitDir, ["write-tree"], stdout: treeOut, env: env).run())
                let tree = try String(contentsOfFile: treeOut, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                samples.append(try git.child(gitDir, ["commit-tree", tree, "-p", head, "-m", "chase: tick"], stdout: commitOut, env: env).run())
                let commit = try String(contentsOfFile: commitOut, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                samples.append(try git.child(gitDir, ["update-ref", "refs/heads/main", commit, head]).run())
                return Sample.sequence(samples)
            }),
        ], rounds: rounds)
        let chaseFigures = figures["chase"]!, gitFigures = figures["git"]!
        emit(CaseResult(
            name: "commit-back", shape: shape.rawValue, tasks: stamp.tasks, files: stamp.files, commits: 1, chase: chaseFigures,
            baseline: "git hash-object + read-tree + update-index + write-tree + commit-tree + update-ref (the same \(report.writes.count) files)",
            baselineFigures: gitFigures, ratio: ratio(chaseFigures, gitFigures), python: nil, pythonRatio: nil,
            target: nil, met: nil, note: "\(report.writes.count) files written"))
    }
}
