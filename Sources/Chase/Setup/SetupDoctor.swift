import ChaseCore
import Foundation
import GitKit

/// `chase doctor`: how a queue repository is set up for GitHub, as of a branch's commit — the
/// config, the three workflows and the release of Chase they pin, the secrets and environments
/// those workflows expect (by name: GitHub does not show them to a clone), CODEOWNERS coverage, a
/// shallow clone, the bot's identity. Each finding is `ok`, `warning` (works, but not as set up
/// by `chase init`) or `problem` (something will fail or is left open).
public enum SetupDoctor {
    public struct Finding: Sendable, Codable, Equatable {
        public enum Level: String, Sendable, Codable { case ok, warning, problem }
        public var level: Level
        /// What it is about: config, workflows, secrets, codeowners, history, bot.
        public var topic: String
        public var message: String
    }

    public struct Report: Sendable, Codable, Equatable {
        public var commit: String
        public var findings: [Finding]
        public var problems: Int { findings.filter { $0.level == .problem }.count }
    }

    /// The workflows `chase init` writes, with the reusable workflow each calls.
    static let workflows = [("tick.yml", "chase-tick.yml"), ("validate.yml", "chase-validate.yml"), ("agents.yml", "chase-agents.yml")]
    /// The paths CODEOWNERS must give to the maintainers.
    static let owned = ["/queue/", "/reviews/", "/.chase/", "/.github/"]

    public static func run(repoPath: String, branch: String? = nil) throws -> Report {
        try ChaseError.reportingGit {
            let repo = try Repository.open(at: repoPath)
            let ref = try branch.map { "refs/heads/\($0)" } ?? repo.headBranch().map { "refs/heads/\($0)" } ?? "HEAD"
            guard let head = try repo.referenceTarget(ref) else { throw ChaseError.emptyBranch(ref) }
            let tree = try repo.commit(head).tree
            func text(_ path: String) throws -> String? {
                try repo.blob(at: path, in: tree).map { String(decoding: $0.bytes, as: UTF8.self) }
            }
            var findings: [Finding] = []
            let config: Config
            if let bytes = try repo.blob(at: ConfigReader.path, in: tree)?.bytes {
                do {
                    config = try ConfigReader.read(bytes, over: .default)
                    findings.append(Finding(level: .ok, topic: "config", message: "\(ConfigReader.path) reads cleanly"))
                } catch {
                    config = .default
                    findings.append(Finding(level: .problem, topic: "config", message: String(describing: error)))
                }
            } else {
                config = .default
                findings.append(Finding(level: .warning, topic: "config", message: "no \(ConfigReader.path): the built-in defaults apply (chase init writes it)"))
            }
            var files: [String: String] = [:]
            for (name, _) in workflows { files[name] = try text(".github/workflows/\(name)") }
            findings += workflowFindings(files)
            findings += secretFindings(files, config: config)
            let owners = try text(".github/CODEOWNERS") ?? text("CODEOWNERS") ?? text("docs/CODEOWNERS")
            findings += codeownerFindings(owners)
            findings.append(repo.isShallow
                ? Finding(level: .problem, topic: "history", message: "a shallow clone: the tick and validate need the whole history (fetch-depth: 0)")
                : Finding(level: .ok, topic: "history", message: "the whole history is here"))
            findings.append(Finding(level: .ok, topic: "bot", message: "commits as \(config.botName) <\(config.botEmail)>"))
            return Report(commit: head.hex, findings: findings)
        }
    }

    /// Each workflow: present, calling Chase's reusable workflow at a full commit id with its
    /// version, the same release in all three, and no configuration variable (fork pull requests get none).
    static func workflowFindings(_ files: [String: String]) -> [Finding] {
        var out: [Finding] = []
        var releases: Set<String> = []
        for (name, reusable) in workflows {
            guard let text = files[name] else {
                out.append(Finding(level: .problem, topic: "workflows", message: ".github/workflows/\(name) is missing (chase init writes it)"))
                continue
            }
            if text.contains("vars.") {
                out.append(Finding(level: .problem, topic: "workflows",
                                   message: "\(name) reads a configuration variable, which pull requests from forks do not get; run chase init --force"))
            }
            let uses = text.split(separator: "\n").compactMap { line -> String? in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("uses:") && trimmed.contains(reusable) ? String(trimmed.dropFirst(5)).trimmingCharacters(in: .whitespaces) : nil
            }
            guard let value = uses.first else {
                out.append(Finding(level: .warning, topic: "workflows", message: "\(name) does not call Chase's \(reusable) (an older setup; chase init --force writes the current one)"))
                continue
            }
            if value.hasPrefix("./") {
                out.append(Finding(level: .ok, topic: "workflows", message: "\(name) calls \(reusable) of this repository's own commit"))
                releases.insert("./")
                continue
            }
            let pattern = #"^([\w.-]+/[\w.-]+)/\.github/workflows/[\w.-]+@([0-9a-f]{40}) # (v\d+(?:\.\d+)*)$"#
            guard let match = value.range(of: pattern, options: .regularExpression), match == value.startIndex..<value.endIndex else {
                out.append(Finding(level: .problem, topic: "workflows", message: "\(name) calls \(value): pin a release by its full commit id with the version beside it (@<sha> # v1.2.0)"))
                continue
            }
            let at = value.split(separator: "@")[1]
            let sha = String(at.prefix(40)), version = String(at.split(separator: " ").last ?? "")
            if sha == ChaseSource.placeholder.sha {
                out.append(Finding(level: .problem, topic: "workflows", message: "\(name) still names the placeholder release; run chase init --chase OWNER/REPO@COMMIT --force"))
            } else {
                out.append(Finding(level: .ok, topic: "workflows", message: "\(name) pins Chase \(version) (\(sha.prefix(12)))"))
            }
            releases.insert(String(at))
        }
        if releases.count > 1 {
            out.append(Finding(level: .warning, topic: "workflows", message: "the workflows pin different releases of Chase: \(releases.sorted().joined(separator: ", "))"))
        }
        return out
    }

    /// The secrets and environments the reusable workflows read, by name: GitHub keeps them, so
    /// this says what to set, not whether it is set.
    static func secretFindings(_ files: [String: String], config: Config) -> [Finding] {
        guard files.values.contains(where: { $0.contains("chase-tick.yml") || $0.contains("chase-agents.yml") }) else { return [] }
        var out = [Finding(level: .ok, topic: "secrets", message: "environment chase (deployment branches: the default branch only): "
            + "CHASE_APP_ID and CHASE_APP_PRIVATE_KEY (a GitHub App, recommended) or CHASE_PUSH_TOKEN; CHASE_WEBHOOK_URL and CHASE_PUBLISH_URL if used")]
        let agents = config.agents.filter { !$0.command.isEmpty }
        if files["agents.yml"] != nil, !agents.isEmpty {
            out.append(Finding(level: .ok, topic: "secrets", message: "one environment per agent that runs: "
                + agents.map { "chase-\($0.handle)" }.joined(separator: ", ") + " (its CHASE_AGENT_KEY, if it needs one)"))
        }
        return out
    }

    /// CODEOWNERS gives the queue, the reviews, the config and the workflows to named owners.
    static func codeownerFindings(_ text: String?) -> [Finding] {
        guard let text else {
            return [Finding(level: .problem, topic: "codeowners", message: "no CODEOWNERS: a pull request could change its own check unreviewed (chase init writes one)")]
        }
        var owners: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ").map(String.init)
            if let path = words.first { owners[path] = Array(words.dropFirst()) }
        }
        var out: [Finding] = []
        let missing = owned.filter { owners[$0]?.isEmpty ?? true }
        if !missing.isEmpty {
            out.append(Finding(level: .problem, topic: "codeowners", message: "CODEOWNERS gives no owner to \(missing.joined(separator: ", "))"))
        }
        let placeholder = owned.filter { owners[$0]?.contains(where: RepositorySetup.placeholderOwners.contains) ?? false }
        if !placeholder.isEmpty {
            out.append(Finding(level: .problem, topic: "codeowners", message: "CODEOWNERS still names \(RepositorySetup.placeholderOwners[0]) for \(placeholder.joined(separator: ", "))"))
        }
        if out.isEmpty { out.append(Finding(level: .ok, topic: "codeowners", message: "covers \(owned.joined(separator: ", "))")) }
        return out
    }
}
