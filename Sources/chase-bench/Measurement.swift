import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One program measured in a case: `prepare` puts the repository back as the run expects it (not
/// timed), `run` runs the child processes and returns what they cost.
struct Contender {
    var name: String
    var prepare: () throws -> Void = {}
    var run: () throws -> Sample
}

/// The median of repeated runs, and every run, for the JSON line.
struct Figures: Encodable {
    var seconds: Double
    var peakMB: Double
    var runs: [Double]

    enum CodingKeys: String, CodingKey {
        case seconds, peakMB = "peak_mb", runs
    }

    init(_ samples: [Sample]) {
        let times = samples.map(\.seconds).sorted()
        seconds = Figures.round(times.count % 2 == 1 ? times[times.count / 2]
            : (times[times.count / 2 - 1] + times[times.count / 2]) / 2)
        peakMB = Figures.round(Double(samples.map(\.peakBytes).max() ?? 0) / 1_048_576, places: 1)
        runs = samples.map { Figures.round($0.seconds) }
    }

    static func round(_ value: Double, places: Int = 4) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}

/// Runs every contender once to warm the page cache, then `rounds` times, interleaved and in a
/// rotating order, so the machine's noise falls on all of them alike. Returns their figures by name.
func measure(_ contenders: [Contender], rounds: Int) throws -> [String: Figures] {
    // A freshly generated repository is still being written back to the disk, which slows every
    // file operation for a while: flushed first, so no contender pays for the generator.
    sync()
    for c in contenders {
        try c.prepare()
        _ = try c.run()
    }
    var samples: [String: [Sample]] = [:]
    for round in 0..<rounds {
        for k in 0..<contenders.count {
            let c = contenders[(k + round) % contenders.count]
            try c.prepare()
            samples[c.name, default: []].append(try c.run())
        }
    }
    return samples.mapValues(Figures.init)
}

/// The JSON line of one case.
struct CaseResult: Encodable {
    var name: String
    /// The generated queue's shape (`Corpus.Shape`): settled or backlog.
    var shape: String
    var tasks: Int?
    var files: Int?
    var commits: Int?
    var chase: Figures
    var baseline: String
    var baselineFigures: Figures?
    var ratio: Double?
    var python: Figures?
    var pythonRatio: Double?
    /// The strongest Python peer (the git command line and PyYAML's C loader).
    var pythonGit: Figures?
    var pythonGitRatio: Double?
    var target: String?
    var met: Bool?
    var note: String?

    enum CodingKeys: String, CodingKey {
        case name = "case", shape, tasks, files, commits, chase, baseline, baselineFigures = "baseline_figures", ratio, python,
             pythonRatio = "python_slower_by", pythonGit = "python_git", pythonGitRatio = "python_git_slower_by", target, met, note
    }

    func line() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// One line of the results on standard output, written at once (not buffered), so a long run shows
/// each case as it ends.
func output(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Progress for the person waiting, on standard error; standard output holds only the JSON lines.
func progress(_ message: String) {
    FileHandle.standardError.write(Data("chase-bench: \(message)\n".utf8))
}
