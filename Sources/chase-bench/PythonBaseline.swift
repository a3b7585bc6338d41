import Foundation

/// A Python peer of chase in bench/: `python_git_peer.py` (the git command line reads, PyYAML's C
/// loader parses) or `python_baseline.py` (pygit2 reads), run when Python has its modules.
struct PythonBaseline {
    var python: String
    var script: String
    var scratch: URL
    /// "pygit2 1.15.1 (libgit2 1.8.1), PyYAML 6.0.2, Python 3.12.1".
    var versions: String

    static func find(script: String, python: String, scratch: URL) -> PythonBaseline? {
        guard FileManager.default.fileExists(atPath: script) else { return nil }
        let out = scratch.appendingPathComponent("python-versions.txt").path
        let probe = ChildProcess(executable: python, arguments: [script, "versions"], stdoutPath: out,
                                 stderrPath: scratch.appendingPathComponent("python.err").path)
        guard (try? probe.run()) != nil, let text = try? String(contentsOfFile: out, encoding: .utf8) else { return nil }
        return PythonBaseline(python: python, script: script, scratch: scratch,
                              versions: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func child(_ args: [String]) -> ChildProcess {
        ChildProcess(executable: python, arguments: [script] + args, stderrPath: scratch.appendingPathComponent("python.err").path)
    }
}
