import ArgumentParser
import Foundation
import GitKit

/// `chase-bench`: generates workflow repositories from a fixed seed and measures `chase tick` on
/// them against the git command line (and Python with pygit2 and PyYAML, when installed) in the
/// same run, printing one JSON line per case.
@main
struct ChaseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chase-bench",
        abstract: "Measure chase against the git command line on generated workflow repositories.",
        discussion: """
        Generates bare repositories from a fixed seed (every run makes the same
        objects) and measures each case as child processes, interleaved and
        repeated: medians, peak memory (ru_maxrss of the measured child) and the
        ratio to the baseline measured in the same run. Standard output holds a
        JSON line describing the run, then one per case; progress goes to
        standard error.

        Every case runs on two shapes of queue: settled (an old queue, the
        newest twentieth open) and backlog (seven tenths open: agents at
        capacity, long chains of blocked tasks, reviews pending with their SLAs
        running). Two Python peers run when Python has their modules:
        bench/python_git_peer.py (the git command line and PyYAML's C loader)
        and bench/python_baseline.py (pygit2 and PyYAML's C loader).

        Cases:
          replay       a tick over M new commits, against git log --first-parent
                       --raw -z and git cat-file --batch reading the same
                       changed blobs (and Python, when installed)
          cold-scan    a first tick with no cache over N tasks, against
                       git ls-tree -r and git cat-file --batch reading every
                       task and review (and Python)
          incremental  a tick over one commit changing one task, warm cache,
                       for each N; the ratio is to the smallest N
          commit-back  a tick that writes 100 files, against the git command
                       line committing the same files
          idle         a tick with nothing new, warm cache and the quiet tick's
                       record, against git log -1 (the whole tick beside it)

        Build it as chase is installed (the Swift runtime linked in), then run it:
          swift build -c release --static-swift-stdlib --product chase-bench
          make bench BENCH_ARGS=--quick          # the same, in one command

        Examples:
          chase-bench --quick
          chase-bench --case cold-scan --sizes 100000
          chase-bench --case replay --work-dir bench-repos
        """
    )

    @Flag(help: "Smaller sizes and fewer rounds: the whole run in under two minutes.")
    var quick = false

    @Option(name: .customLong("case"), help: "Run only this case (repeatable): replay, cold-scan, incremental, commit-back, idle.")
    var cases: [String] = []

    @Option(name: .customLong("shape"), help: "Run only this shape of queue (repeatable): settled, backlog.")
    var shapes: [String] = []

    @Option(parsing: .upToNextOption, help: "Queue sizes N (tasks) for cold-scan, incremental and commit-back (default 1000 10000 100000; quick: 1000 10000).")
    var sizes: [String] = []

    @Option(parsing: .upToNextOption, help: "Commit counts M for replay (default 1000 10000; quick: 1000).")
    var commits: [String] = []

    @Option(help: "Tasks in the replay repository before its commits.")
    var replayTasks = 1000

    @Option(name: .customLong("repeat"), help: "Measured rounds per case, after one warm-up round (default 5; quick: 3).")
    var rounds: Int?

    @Option(help: "Keep the generated repositories here, and reuse them on the next run with the same parameters.")
    var workDir: String?

    @Option(help: "The generator's seed.")
    var seed: UInt64 = 20_260_301

    @Flag(help: "Leave the generated objects loose instead of packing them as git gc would.")
    var loose = false

    @Option(help: "The chase executable (default: the one built beside chase-bench).")
    var chase: String?

    @Option(help: "The Python interpreter for the Python baseline.")
    var python = "python3"

    @Flag(help: "Skip the Python peers.")
    var noPython = false

    static let allCases = ["replay", "cold-scan", "incremental", "commit-back", "idle"]

    func validate() throws {
        for c in cases where !ChaseBench.allCases.contains(c) {
            throw ValidationError("unknown case '\(c)'; expected one of \(ChaseBench.allCases.joined(separator: ", "))")
        }
        for s in shapes where Corpus.Shape(rawValue: s) == nil {
            throw ValidationError("unknown shape '\(s)'; expected settled or backlog")
        }
        _ = try numbers(sizes, "--sizes")
        _ = try numbers(commits, "--commits")
        if let rounds, rounds < 1 { throw ValidationError("--repeat must be at least 1") }
        if replayTasks < 20 { throw ValidationError("--replay-tasks must be at least 20") }
    }

    /// "1000 10000", "1000,10000", "10k" → [1000, 10000].
    func numbers(_ values: [String], _ option: String) throws -> [Int] {
        try values.flatMap { $0.split(separator: ",") }.map { text in
            let lower = text.lowercased()
            let scale = lower.hasSuffix("k") ? 1000 : 1
            guard let n = Int(scale == 1 ? lower : String(lower.dropLast())), n * scale >= 20 else {
                throw ValidationError("\(option): '\(text)' is not a count of at least 20")
            }
            return n * scale
        }
    }

    func run() throws {
        let selected = cases.isEmpty ? ChaseBench.allCases : cases
        let sizes = try numbers(self.sizes, "--sizes").nilIfEmpty ?? (quick ? [1000, 10000] : [1000, 10000, 100_000])
        let commitCounts = try numbers(self.commits, "--commits").nilIfEmpty ?? (quick ? [1000] : [1000, 10000])
        let rounds = self.rounds ?? (quick ? 3 : 5)

        let keep = workDir != nil
        let work = workDir.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("chase-bench-\(getpid())")
        let scratch = work.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: work) } }

        let chase = self.chase ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("chase").path
        guard FileManager.default.isExecutableFile(atPath: chase) else {
            throw ValidationError("no chase executable at \(chase); build it (swift build -c release) or pass --chase")
        }
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.launcher) else {
            throw ValidationError("no chase-bench-spawn beside chase-bench; build with swift build -c release --product chase-bench")
        }
        let git = GitCommandLine(scratch: scratch)
        let python = noPython ? nil : PythonBaseline.find(script: ChaseBench.benchScript("python_baseline.py"), python: self.python, scratch: scratch)
        if !noPython, python == nil {
            progress("no pygit2 Python peer: \(self.python) with pygit2 and PyYAML's C loader not found (pip install -r bench/requirements.txt)")
        }
        let pythonGit = noPython ? nil : PythonBaseline.find(script: ChaseBench.benchScript("python_git_peer.py"), python: self.python, scratch: scratch)
        if !noPython, pythonGit == nil {
            progress("no git-command-line Python peer: \(self.python) with PyYAML's C loader not found (pip install -r bench/requirements.txt)")
        }
        output(RunInfo.current(quick: quick, seed: seed, rounds: rounds, packed: !loose, python: python?.versions,
                               pythonGit: pythonGit?.versions).line())

        let generator = Generator(workDir: work, seed: seed, packed: !loose, git: git)
        let bench = Cases(chase: chase, python: python, pythonGit: pythonGit, git: git, scratch: scratch, rounds: rounds) { result in
            output(result.line())
        }
        let shapes = self.shapes.isEmpty ? Corpus.Shape.allCases : Corpus.Shape.allCases.filter { self.shapes.contains($0.rawValue) }
        let started = Date()
        // Every repository first, then the measurements: the disk has time to settle after the
        // generator's writes and deletions, and every case meets the same conditions.
        let needsQueues = selected.contains { $0 != "replay" }
        let queues = needsQueues ? try shapes.map { shape in try sizes.sorted().map { try generator.queueRepository(tasks: $0, shape: shape) } } : []
        let replayRepos = selected.contains("replay")
            ? try shapes.map { try generator.replayRepository(tasks: replayTasks, commits: commitCounts.max()!, shape: $0) } : []
        // The quick run (in CI) gives the disk less time: its figures are printed, not judged.
        GitCommandLine.settleDisk(scratch, atMost: quick ? 15 : 90)
        for (shape, repos) in zip(shapes, queues) {
            var incrementalReference: Figures?
            for repo in repos {
                let n = repo.stamp.tasks
                if selected.contains("cold-scan") {
                    try bench.coldScan(repo, shape: shape, target: n >= 10_000 ? 1.5 : nil, memoryTargetMB: n >= 100_000 ? 250 : nil)
                }
                if selected.contains("incremental") {
                    let figures = try bench.incremental(repo)
                    let reference = incrementalReference ?? figures
                    incrementalReference = reference
                    let ratio = bench.ratio(figures, reference)
                    bench.emit(CaseResult(
                        name: "incremental", shape: shape.rawValue, tasks: n, files: repo.stamp.files, commits: 1, chase: figures,
                        baseline: "the same tick at \(sizes.min()!) tasks", baselineFigures: reference, ratio: ratio,
                        target: n >= 100_000 ? "at most 2x the time at 1000 tasks" : nil, met: n >= 100_000 ? ratio <= 2 : nil,
                        note: nil))
                }
                if selected.contains("idle") { try bench.idle(repo, shape: shape, judged: n <= 20_000) }
                if selected.contains("commit-back") { try bench.commitBack(repo, shape: shape) }
            }
        }
        for (shape, replayRepo) in zip(shapes, replayRepos) {
            for m in commitCounts.sorted() {
                try bench.replay(replayRepo, shape: shape, commits: m, target: m >= 10_000 ? 1.5 : nil)
            }
        }
        progress(String(format: "done in %.0f s", Date().timeIntervalSince(started)))
    }

    /// A script of bench/ in the package this was built from, or in the current folder.
    static func benchScript(_ name: String) -> String {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [here.appendingPathComponent("bench/\(name)").path,
                          FileManager.default.currentDirectoryPath + "/bench/\(name)"]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[1]
    }
}

extension Array {
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}

/// The first JSON line: what ran, where.
struct RunInfo: Encodable {
    var run = "chase-bench"
    var quick: Bool
    var seed: UInt64
    var rounds: Int
    var packed: Bool
    var cores: Int
    var memoryGB: Double
    var os: String
    var swift: String
    var libgit2: String
    var git: String
    var python: String?
    var pythonGit: String?

    enum CodingKeys: String, CodingKey {
        case run, quick, seed, rounds, packed, cores, memoryGB = "memory_gb", os, swift, libgit2, git, python, pythonGit = "python_git"
    }

    static func current(quick: Bool, seed: UInt64, rounds: Int, packed: Bool, python: String?, pythonGit: String?) -> RunInfo {
        var os = ProcessInfo.processInfo.operatingSystemVersionString
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            os = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        // The toolchain's own words ("Swift version 6.3.1 (swift-6.3.1-RELEASE)"), when it is on the path.
        let swift = RunInfo.firstLine(of: ["swift", "--version"])?
            .replacingOccurrences(of: "Swift version ", with: "") ?? "unknown"
        return RunInfo(quick: quick, seed: seed, rounds: rounds, packed: packed, cores: ProcessInfo.processInfo.activeProcessorCount,
                       memoryGB: Figures.round(Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824, places: 1),
                       os: os, swift: swift, libgit2: LibGit2.version, git: GitCommandLine.version(), python: python,
                       pythonGit: pythonGit)
    }

    func line() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func firstLine(of command: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = command
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init)
    }
}
