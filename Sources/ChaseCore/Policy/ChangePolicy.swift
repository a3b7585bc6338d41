/// Who may change what in the queue (DESIGN.md "Who may change what"): only a review's reviewer
/// or a maintainer sets its status; only the bot creates review files and writes the keys it owns;
/// only the bot or a maintainer moves a task to a status the rules decide. Pure: `chase validate`
/// hands it each file a commit changed, with the policy read from that commit's parent.
public struct ChangePolicy: Sendable {
    /// Task keys only the bot writes.
    public static let botOwnedTaskKeys = ["revision", "escalated_at", "review_escalated_at", "platform_post_id"]
    /// Review keys only the bot writes.
    public static let botOwnedReviewKeys = ["revision", "escalated_at"]
    /// Review keys the bot writes when it creates the file; a maintainer may correct them (reassign a review).
    public static let reviewSetupKeys = ["id", "task", "type", "reviewer", "requested", "due"]
    /// Task statuses the rules decide: the review process and publishing, not a person, put a task there.
    public static let botDecidedStatuses: Set<String> = [
        TaskStatus.inReview.rawValue, TaskStatus.approved.rawValue, TaskStatus.scheduled.rawValue, TaskStatus.published.rawValue,
    ]

    public var botEmail: String
    public var maintainers: [String]
    public var agents: [Agent]

    public init(config: Config) {
        botEmail = config.botEmail; maintainers = config.maintainers; agents = config.agents
    }

    /// Who made a commit, as git records it (a claim the policy checks, not a proof).
    public struct Author: Sendable, Equatable {
        public var name: String
        public var email: String
        public var commit: String
        public init(name: String, email: String, commit: String) {
            self.name = name; self.email = email; self.commit = commit
        }
    }

    public func isBot(_ email: String) -> Bool { same(email, botEmail) }
    public func isMaintainer(_ email: String) -> Bool { maintainers.contains { same($0, email) } }
    /// The agent whose identities include `email`.
    public func agent(for email: String) -> Agent? { agents.first { $0.identities.contains { same($0, email) } } }

    /// What is wrong with `author` changing the file at `path` from `old` to `new` (nil: absent).
    /// Files that do not parse are left to the schema check.
    public func problems(path: String, old: [UInt8]?, new: [UInt8]?, by author: Author) -> [FileProblem] {
        if isBot(author.email) || old == new { return [] }
        let isReview = path.hasPrefix(RepoPath.reviews)
        guard isReview || path.hasPrefix(RepoPath.queue), path.hasSuffix(".md") else { return [] }
        func problem(_ line: Int?, _ rule: String) -> FileProblem {
            FileProblem(path: path, line: line ?? 1, message: "\(describe(author)) in \(author.commit.prefix(7)): \(rule)")
        }
        guard let new else {
            if isReview, old != nil, !isMaintainer(author.email) {
                return [problem(1, "deleted this review; only the bot or a maintainer may delete a review file")]
            }
            return []
        }
        if isReview, old == nil {
            return [problem(1, "created this review; only the bot (\(botEmail)) creates review files")]
        }
        guard let after = Fields(new) else { return [] }
        // An old version that does not parse counts as empty: breaking a file in one commit must not
        // hide what the next one writes into it.
        let before = old.flatMap(Fields.init) ?? .empty
        var out: [FileProblem] = []
        let maintainer = isMaintainer(author.email)
        for key in before.changedKeys(to: after) {
            let line = after.line(key)
            if (isReview ? Self.botOwnedReviewKeys : Self.botOwnedTaskKeys).contains(key) {
                out.append(problem(line, "changed '\(key)'; only the bot (\(botEmail)) writes it"))
            } else if isReview, key == "status" {
                let reviewer = before.text("reviewer").flatMap(Int.init)
                let isReviewer = reviewer != nil && agent(for: author.email)?.number == reviewer
                if !(isReviewer || maintainer) {
                    let who = reviewer.map { "its reviewer (agent \(Self.two($0)))" } ?? "its reviewer"
                    out.append(problem(line, "changed the review's status; only \(who) or a maintainer may set it"))
                } else if after.text("status") == ReviewStatus.closed.rawValue, !maintainer {
                    out.append(problem(line, "set the review's status to closed; only the bot closes a review"))
                }
            } else if isReview, Self.reviewSetupKeys.contains(key), !maintainer {
                out.append(problem(line, "changed '\(key)'; only the bot or a maintainer may change a review's \(key)"))
            } else if !isReview, key == "status", let status = after.text("status"), Self.botDecidedStatuses.contains(status),
                      !maintainer {
                out.append(problem(line, "set status to \(status); only the bot (or a maintainer) moves a task there"))
            }
        }
        return out
    }

    /// A change to `.chase/config.yml`: once maintainers are listed, only they may change the
    /// policy (else the next commit of the same pull request could use the policy it just wrote).
    public func configProblem(path: String, by author: Author) -> FileProblem? {
        guard !maintainers.isEmpty, !isBot(author.email), !isMaintainer(author.email) else { return nil }
        return FileProblem(path: path, line: 1, message: "\(describe(author)) in \(author.commit.prefix(7)): "
            + "changed the config; only a maintainer may change it")
    }

    /// `agent 02 (a2@example.com)` or `Jo Doe <jo@example.com>`.
    public func describe(_ author: Author) -> String {
        if let agent = agent(for: author.email) { return "agent \(Self.two(agent.number)) (\(author.email))" }
        return "\(author.name) <\(author.email)>"
    }

    private func same(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// A file's front matter keys with their values and lines, for comparing two versions.
    struct Fields {
        var values: [String: YAMLNode]
        static let empty = Fields(values: [:])

        init(values: [String: YAMLNode]) { self.values = values }

        init?(_ bytes: [UInt8]) {
            guard let fm = try? FrontMatter.parse(bytes) else { return nil }
            var values: [String: YAMLNode] = [:]
            for pair in fm.fields { values[pair.key.text] = pair.value }
            self.values = values
        }

        func text(_ key: String) -> String? { values[key]?.scalarText?.trimmingCharacters(in: .whitespaces) }
        func line(_ key: String) -> Int? { values[key]?.line }

        /// Keys added, removed or given another value, sorted.
        func changedKeys(to other: Fields) -> [String] {
            Set(values.keys).union(other.values.keys).sorted().filter { key in
                switch (values[key], other.values[key]) {
                case (nil, nil): return false
                case (let a?, let b?): return !a.sameContent(as: b)
                default: return true
                }
            }
        }
    }
}
