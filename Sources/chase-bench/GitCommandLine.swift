import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The git command line, the benchmark's yardstick (the product itself never runs it). It runs with
/// no system or user configuration, so a developer's settings cannot change what it does.
struct GitCommandLine {
    var scratch: URL

    var environment: [String: String] {
        ["GIT_CONFIG_NOSYSTEM": "1", "HOME": scratch.path, "XDG_CONFIG_HOME": scratch.path, "GIT_TERMINAL_PROMPT": "0"]
    }

    func child(_ gitDir: String, _ args: [String], stdin: String? = nil, stdout: String = "/dev/null",
               env: [String: String] = [:]) -> ChildProcess {
        ChildProcess(executable: "git", arguments: ["--git-dir=\(gitDir)"] + args,
                     environment: environment.merging(env) { _, b in b }, stdinPath: stdin, stdoutPath: stdout,
                     stderrPath: scratch.appendingPathComponent("git.err").path)
    }

    /// Runs git and returns its standard output (for set-up, not timed).
    func output(_ gitDir: String, _ args: [String]) throws -> String {
        let out = scratch.appendingPathComponent("git.out").path
        try child(gitDir, args, stdout: out).run()
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    /// Packs a freshly generated repository as `git gc` would leave it: one pack, deltas included.
    func repack(_ gitDir: String) throws {
        progress("  packing with git repack")
        try child(gitDir, ["repack", "-a", "-d", "-q", "--depth=50", "--window=10"]).run()
    }

    static func compactObjectsFolder(_ gitDir: String) throws {
        // Generating wrote (and renamed away) hundreds of thousands of temporary object files in
        // objects/; on ext4 a folder keeps the size it grew to, and creating files in it stays
        // slow, so the bot's first objects would pay for the generator. The entries move to a
        // fresh folder, as a clone's would be.
        try recreate(URL(fileURLWithPath: gitDir).appendingPathComponent("objects"), depth: 2)
    }

    /// Moves a folder's entries (and, `depth` levels down, its folders') into new folders.
    private static func recreate(_ folder: URL, depth: Int) throws {
        let fm = FileManager.default
        let fresh = folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + ".fresh")
        try fm.createDirectory(at: fresh, withIntermediateDirectories: false)
        for name in try fm.contentsOfDirectory(atPath: folder.path) {
            let entry = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if depth > 1, fm.fileExists(atPath: entry.path, isDirectory: &isFolder), isFolder.boolValue {
                try recreate(entry, depth: depth - 1)
            }
            try fm.moveItem(at: entry, to: fresh.appendingPathComponent(name))
        }
        try fm.removeItem(at: folder)
        try fm.moveItem(at: fresh, to: folder)
    }

    /// Waits (up to `seconds`) until creating a file takes as long as it should, three times in a
    /// row: deleting the generator's loose objects leaves the disk busy for a while (discards,
    /// writeback), and the cases that write objects would be measured against that instead of
    /// against git.
    static func settleDisk(_ scratch: URL, atMost seconds: TimeInterval) {
        let probe = scratch.appendingPathComponent("disk-probe")
        let started = Date()
        var announced = false
        var fast = 0
        while Date().timeIntervalSince(started) < seconds, fast < 3 {
            sync()
            try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            for i in 0..<200 {
                let fd = open(probe.appendingPathComponent("f\(i)").path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
                if fd >= 0 { close(fd) }
            }
            clock_gettime(CLOCK_MONOTONIC, &end)
            try? FileManager.default.removeItem(at: probe)
            let perFile = (Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9) / 200
            if perFile < 40e-6 {
                fast += 1
                continue
            }
            fast = 0
            if !announced {
                progress("  waiting for the disk to settle after generating (\(Int(perFile * 1e6)) us to create a file)")
                announced = true
            }
            sleep(2)
        }
    }

    static func version() -> String {
        RunInfo.firstLine(of: ["git", "--version"]) ?? "unknown"
    }
}

/// Object ids in git's raw outputs, for the baselines' second step (`git cat-file --batch`).
enum RawOutput {
    static let zero = String(repeating: "0", count: 40)

    /// The blob ids of changed `queue/` and `reviews/` files (both sides) in `git log --raw -z`
    /// output, each once, in first-seen order.
    static func changedBlobs(logZ data: Data) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        let tokens = data.split(separator: 0, omittingEmptySubsequences: false)
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            // A raw entry ":100644 100644 <old> <new> M" may follow a commit header in the same token.
            if let colon = token.lastIndex(of: UInt8(ascii: ":")), colon == token.startIndex || token[colon - 1] == 0x0A,
               let entry = String(data: Data(token[colon...]), encoding: .utf8), entry.count >= 97 {
                let fields = entry.dropFirst().split(separator: " ")
                if fields.count == 5, i + 1 < tokens.count {
                    let status = fields[4].first ?? "M"
                    let pathCount = status == "R" || status == "C" ? 2 : 1
                    let path = String(decoding: tokens[i + 1], as: UTF8.self)
                    if path.hasPrefix("queue/") || path.hasPrefix("reviews/") {
                        for oid in [String(fields[2]), String(fields[3])] where oid != zero && seen.insert(oid).inserted {
                            out.append(oid)
                        }
                    }
                    i += 1 + pathCount
                    continue
                }
            }
            i += 1
        }
        return out
    }

    /// The blob ids in `git ls-tree -r -z` output.
    static func treeBlobs(lsTreeZ data: Data) -> [String] {
        data.split(separator: 0).compactMap { record in
            // "<mode> blob <oid>\t<path>"
            let text = String(decoding: record, as: UTF8.self)
            let parts = text.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, parts[1] == "blob" else { return nil }
            return String(parts[2].prefix(40))
        }
    }
}
