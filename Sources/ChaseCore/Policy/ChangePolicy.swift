/// Who may change what in the queue (DESIGN.md "Who may change what"): only a review's reviewer
/// or a maintainer sets its status; only the bot creates review files and writes the keys it owns;
/// only the bot or a maintainer moves a task to a status the rules decide. Pure: `chase validate`
/// hands it each file a commit changed, with the policy read from that commit's parent.
public struct ChangePolicy: Sendable {
    /// Task keys only the bot writes.
    public static let botOwnedTaskKeys = ["revision", "escalated_at", "review_escalated_at", "platform_post_id", "published_at", "approved_output"]
    /// Review keys only the bot writes.
    public static let botOwnedReviewKeys = ["revision", "escalated_at"]
    /// Review keys the bot writes when it creates the file; a maintainer may correct them (reassign a review).
    public static let reviewSetupKeys = ["id", "task", "type", "reviewer", "requested", "due"]
    /// Task statuses the rules decide: the review process and publishing, not a person, put a task there.
    public static let botDecidedStatuses: Set<String> = [
        TaskStatus.inReview.rawValue, TaskStatus.approved.rawValue, TaskStatus.scheduled.rawValue, TaskStatus.published.rawValue,
    ]

    public var bot: BotIdentity
    public var maintainers: [String]
    public var agents: [Agent]

    public init(config: Config) {
        bot = config.bot; maintainers = config.maintainers; agents = config.agents
    }

    /// Who a change is judged as, and the commit it was found in.
    public struct Author: Sendable, Equatable {
        /// Who made the change, as far as `validate` can tell.
        public enum Identity: Sendable, Equatable {
            /// The tick's own commit.
            case bot
            /// The author a commit claims (a claim anyone can make: only for local runs).
            case email(name: String, email: String)
            /// A GitHub account GitHub vouches for (a pull request's author).
            case login(String)
            /// Agent N, as the job that ran it vouches for it.
            case agent(Int)
        }
        public var identity: Identity
        public var commit: String
        public init(_ identity: Identity, commit: String) { self.identity = identity; self.commit = commit }
        public init(name: String, email: String, commit: String) { self.init(.email(name: name, email: email), commit: commit) }
    }

    public func isMaintainer(_ email: String) -> Bool { maintainers.contains { !$0.hasPrefix("@") && same($0, email) } }
    /// The agent whose identities include `email`.
    public func agent(for email: String) -> Agent? { agents.first { $0.identities.contains { same($0, email) } } }

    /// Only a bot commit (`BotIdentity.isBotCommit`, decided where the commit is read) is the bot's:
    /// an author claiming the bot's email is judged as anyone else.
    public func isBot(_ author: Author) -> Bool { author.identity == .bot }

    /// Maintainers are listed by email (`lead@example.com`) or GitHub login (`@lead`); an agent's
    /// run is never a maintainer's.
    public func isMaintainer(_ author: Author) -> Bool {
        switch author.identity {
        case .bot, .agent: return false
        case .email(_, let email): return isMaintainer(email)
        case .login(let login):
            let name = ChangeActor.normalizedLogin(login)
            return maintainers.contains { $0.hasPrefix("@") && ChangeActor.normalizedLogin($0) == name }
        }
    }

    /// The number of the agent the author acts for, if any.
    public func agentNumber(_ author: Author) -> Int? {
        switch author.identity {
        case .bot: return nil
        case .agent(let number): return number
        case .email(_, let email): return agent(for: email)?.number
        case .login(let login):
            let name = ChangeActor.normalizedLogin(login)
            return agents.first { $0.github.contains { ChangeActor.normalizedLogin($0) == name } }?.number
        }
    }

    /// What is wrong with `author` changing the file at `path` from `old` to `new` (nil: absent).
    /// Files that do not parse are left to the schema check. `assignee` gives the agent a task is
    /// assigned to (as the parent commit has it), so no agent answers the review of its own work.
    public func problems(path: String, old: [UInt8]?, new: [UInt8]?, by author: Author,
                         assignee: (String) -> Int? = { _ in nil }) -> [FileProblem] {
        if isBot(author) || old == new { return [] }
        let isReview = path.hasPrefix(RepoPath.reviews)
        guard isReview || path.hasPrefix(RepoPath.queue), path.hasSuffix(".md") else { return [] }
        func problem(_ line: Int?, _ rule: String) -> FileProblem {
            FileProblem(path: path, line: line ?? 1, message: "\(describe(author))\(author.commit.isEmpty ? "" : " in \(author.commit.prefix(7))"): \(rule)")
        }
        let maintainer = isMaintainer(author)
        let agentNumber = self.agentNumber(author)
        guard let new else {
            guard let old, !maintainer else { return [] }
            if isReview { return [problem(1, "deleted this review; only the bot or a maintainer may delete a review file")] }
            // A deletion is judged as the edit that removes every key: the same rules, one line.
            guard let before = Fields(old) else { return [] }
            if let status = before.text("status"), Self.botDecidedStatuses.contains(status) {
                return [problem(1, "deleted a task in status \(status); only a maintainer may delete it")]
            }
            if let owner = before.text("assignee").flatMap(Int.init), owner != agentNumber {
                return [problem(1, "deleted agent \(Self.two(owner))'s task; only its assignee or a maintainer may delete it")]
            }
            return []
        }
        if isReview, old == nil {
            return [problem(1, "created this review; only the bot (\(bot.email)) creates review files")]
        }
        guard let after = Fields(new) else { return [] }
        // An old version that does not parse counts as empty: breaking a file in one commit must not
        // hide what the next one writes into it.
        let before = old.flatMap(Fields.init) ?? .empty
        var out: [FileProblem] = []
        // An agent works on its own tasks: another agent's task is not its to change.
        if !isReview, !maintainer, let agentNumber, let owner = before.text("assignee").flatMap(Int.init), owner != agentNumber {
            out.append(problem(after.line("assignee") ?? 1,
                               "changed agent \(Self.two(owner))'s task; an agent changes only the tasks assigned to it"))
        }
        for key in before.changedKeys(to: after) {
            let line = after.line(key)
            if (isReview ? Self.botOwnedReviewKeys : Self.botOwnedTaskKeys).contains(key) {
                out.append(problem(line, "changed '\(key)'; only the bot (\(bot.email)) writes it"))
            } else if isReview, key == "status" {
                let reviewer = before.text("reviewer").flatMap(Int.init)
                let isReviewer = reviewer != nil && agentNumber == reviewer
                let isOwnWork = agentNumber != nil && before.text("task").flatMap(assignee) == agentNumber
                if !(isReviewer || maintainer) {
                    let who = reviewer.map { "its reviewer (agent \(Self.two($0)))" } ?? "its reviewer"
                    out.append(problem(line, "changed the review's status; only \(who) or a maintainer may set it"))
                } else if isOwnWork, !maintainer {
                    out.append(problem(line, "answered the review of its own work; another agent or a maintainer must"))
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

    /// The `assignee` a task file's front matter names, if it parses.
    public static func assignee(inTaskFile bytes: [UInt8]) -> Int? { Fields(bytes)?.text("assignee").flatMap(Int.init) }

    /// Folders that run or configure the repository itself: the workflows and the bot's config.
    public static let machineryFolders = [".github/", ".chase/"]

    /// A change under `.github/` or `.chase/`: once maintainers are listed, only they may change the
    /// repository's machinery (else the next commit of the same pull request could use the policy
    /// it just wrote, or a workflow could run what the change put there).
    public func machineryProblem(path: String, by author: Author) -> FileProblem? {
        guard Self.machineryFolders.contains(where: { path.hasPrefix($0) }), !maintainers.isEmpty,
              !isBot(author), !isMaintainer(author) else { return nil }
        let what = path.hasPrefix(".chase/") ? "the config" : "the workflows"
        return FileProblem(path: path, line: 1, message: "\(describe(author)) in \(author.commit.prefix(7)): "
            + "changed \(what) (\(path)); only a maintainer may change .github/ and .chase/")
    }

    /// A change to a file under `outputs/` that `task` (as the parent commit has it) names as its
    /// output: another's work product is its assignee's (or a maintainer's) to change.
    public func outputProblem(path: String, of task: Task?, by author: Author) -> FileProblem? {
        guard let task, let owner = task.assignee, !isBot(author), !isMaintainer(author), agentNumber(author) != owner else { return nil }
        return FileProblem(path: path, line: 1, message: "\(describe(author)) in \(author.commit.prefix(7)): changed the output of "
            + "\(task.id), agent \(Self.two(owner))'s task; only its assignee or a maintainer may")
    }

    /// A commit carrying the bot's trailers (`Chase-Processed`, `Chase-Event`) that is not the bot's:
    /// they would stop the tick's walk or forge events, so only the tick's own commits may carry them.
    public func trailerProblem(message: String, by author: Author) -> FileProblem? {
        guard !isBot(author) else { return nil }
        let forged = [CommitMessage.processedTrailer, CommitMessage.eventTrailer].filter { CommitMessage.carries(message, $0) }
        guard !forged.isEmpty else { return nil }
        return FileProblem(path: "commit \(author.commit.prefix(7))", message: "\(describe(author)): the message carries "
            + forged.map { "a \($0) trailer" }.joined(separator: " and ") + "; only the bot's own commits may")
    }

    /// `agent 02 (a2@example.com)`, `agent 02 (@a2-bot)`, `@lead`, `Jo Doe <jo@example.com>`.
    public func describe(_ author: Author) -> String {
        switch author.identity {
        case .bot: return "the bot"
        case .agent(let number): return "agent \(Self.two(number))"
        case .login(let login):
            let at = "@" + (login.hasPrefix("@") ? String(login.dropFirst()) : login)
            return agentNumber(author).map { "agent \(Self.two($0)) (\(at))" } ?? at
        case .email(let name, let email):
            if let agent = agent(for: email) { return "agent \(Self.two(agent.number)) (\(email))" }
            return "\(name) <\(email)>"
        }
    }

    private func same(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }

    public static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

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
