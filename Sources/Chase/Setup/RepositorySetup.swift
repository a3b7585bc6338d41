import ChaseCore
import Foundation
import GitKit

/// `chase init`: writes what a workflow repository needs into a work tree — the default config
/// spelled out, the three folders, CODEOWNERS and the GitHub workflows — and commits nothing, so
/// a person reads and commits them. An existing file is kept unless `force` is set.
public enum RepositorySetup {
    /// What happened to one path.
    public struct Entry: Sendable, Codable, Equatable {
        /// Written new, written over an existing file (`--force`), or left alone.
        public enum Action: String, Sendable, Codable { case wrote, replaced, skipped }
        public var path: String
        public var action: Action
        /// Why it was skipped.
        public var reason: String?

        public init(path: String, action: Action, reason: String? = nil) {
            self.path = path; self.action = action; self.reason = reason
        }
    }

    /// What `chase init` did, path by path.
    public struct Report: Sendable, Codable, Equatable {
        /// The work tree written into.
        public var root: String
        public var entries: [Entry]
    }


    /// The folders a queue lives in; each gets a `.gitkeep` while it is empty, since git keeps no empty folder.
    public static let folders = [RepoPath.queue, RepoPath.reviews, RepoPath.outputs]
    public static let codeownersPath = ".github/CODEOWNERS"

    /// The maintainers CODEOWNERS names until told who they are.
    public static let placeholderOwners = ["@your-org/maintainers"]

    /// Every file `chase init` writes, with its text, in the order it writes them (the folders'
    /// `.gitkeep` files come separately: they depend on what is there). The workflows call Chase's
    /// reusable workflows at `source`; CODEOWNERS names `owners` (GitHub logins or @org/team).
    public static func files(source: ChaseSource = .placeholder, owners: [String] = placeholderOwners) -> [(path: String, text: String)] {
        [(ConfigReader.path, configText(source)), (codeownersPath, codeowners(owners))]
            + Config.default.agents.map { (path: mcpClientPath($0.number), text: mcpClientConfig($0.number)) }
            + WorkflowTemplates.files(source: source).map { (path: $0.path, text: $0.text) }
    }

    /// Where `chase init` puts agent N's MCP client configuration.
    public static func mcpClientPath(_ agent: Int) -> String { ".chase/mcp/agent-\(ChangePolicy.two(agent)).json" }

    /// An MCP client configuration in the `.mcp.json` shape MCP clients read, with one server:
    /// `chase mcp --agent N`, so the agent's LLM sees its own queue and acts as itself only.
    public static func mcpClientConfig(_ agent: Int) -> String {
        """
        {
          "mcpServers": {
            "chase": {
              "command": "chase",
              "args": ["mcp", "--agent", "\(agent)"]
            }
          }
        }

        """
    }

    public static func run(repoPath: String, force: Bool, source: ChaseSource = .placeholder,
                           owners: [String] = placeholderOwners) throws -> Report {
        if let bad = owners.first(where: { !isOwner($0) }) {
            throw ChaseError.invalidArgument("'\(bad)' is not a GitHub owner for CODEOWNERS: @login or @organisation/team")
        }
        let root = try workTree(repoPath)
        var planned = files(source: source, owners: owners.isEmpty ? placeholderOwners : owners)
            .map { (path: $0.path, bytes: Array($0.text.utf8)) }
        var entries: [Entry] = []
        for folder in folders {
            let url = URL(fileURLWithPath: root).appendingPathComponent(folder)
            let listed = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            if !listed.isEmpty, !listed.contains(".gitkeep") {
                entries.append(Entry(path: folder, action: .skipped, reason: "has files already; needs no .gitkeep"))
            } else {
                planned.append((folder + ".gitkeep", []))
            }
        }
        // Every path is checked before the first is written, so a refusal leaves nothing half done.
        for (path, _) in planned { try refuseUnwritable(path, root: root) }
        let written = try planned.map { try write($0.bytes, to: $0.path, root: root, force: force) }
        return Report(root: root, entries: written + entries)
    }

    /// The work tree of the repository at `path`; a bare repository or no repository is refused.
    private static func workTree(_ path: String) throws -> String {
        try WorkTree.open(path, for: "chase init writes files for people to review and commit, "
            + "so run it in a clone with a work tree and push from there").root
    }

    private static func write(_ bytes: [UInt8], to path: String, root: String, force: Bool) throws -> Entry {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        let exists = FileManager.default.fileExists(atPath: url.path)
        if exists, !force { return Entry(path: path, action: .skipped, reason: "exists; --force replaces it") }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Without --force, a file that appeared since the check is still never replaced.
            try Data(bytes).write(to: url, options: force ? .atomic : .withoutOverwriting)
        } catch CocoaError.fileWriteFileExists {
            return Entry(path: path, action: .skipped, reason: "exists; --force replaces it")
        } catch {
            throw ChaseError.setupRefused("cannot write \(path): \(error.localizedDescription)")
        }
        return Entry(path: path, action: exists ? .replaced : .wrote)
    }

    /// A symbolic link on the way (`.github` pointing elsewhere) would put the file outside the
    /// repository, or replace whatever the link names; a file where a folder belongs, or a folder
    /// where the file belongs, cannot be written. All refused before anything is written.
    private static func refuseUnwritable(_ path: String, root: String) throws {
        var current = root
        let components = path.split(separator: "/")
        for (index, component) in components.enumerated() {
            current += "/" + component
            var info = stat()
            guard lstat(current, &info) == 0 else { return }
            let shown = current.dropFirst(root.count + 1)
            let kind = info.st_mode & S_IFMT
            if kind == S_IFLNK {
                throw ChaseError.setupRefused("\(shown) is a symbolic link; chase init writes nothing through it (nothing was written)")
            }
            let isLast = index == components.count - 1
            if !isLast, kind != S_IFDIR {
                throw ChaseError.setupRefused("\(shown) is a file where chase init needs a folder; move it away (nothing was written)")
            }
            if isLast, kind == S_IFDIR {
                throw ChaseError.setupRefused("\(shown) is a folder where chase init writes a file; move it away (nothing was written)")
            }
        }
    }

    /// The default config, spelled out, with the line that has editors validate it as people type.
    public static func configText(_ source: ChaseSource) -> String {
        "# yaml-language-server: $schema=\(source.schemaURL(.config))\n" + ConfigFileText.render(.default)
    }

    /// `@login` or `@organisation/team`.
    static func isOwner(_ text: String) -> Bool {
        text.range(of: #"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]{1,100})?$"#, options: .regularExpression) != nil
    }

    /// CODEOWNERS for DESIGN.md's "Who may change what": GitHub's branch protection then asks the
    /// maintainers to approve the same changes `chase validate` checks, and every change to the
    /// workflows, whose copy in a pull request is the one its own check runs.
    static func codeowners(_ owners: [String]) -> String {
        let who = owners.joined(separator: " ")
        return """
        # Who must approve a pull request that changes these paths. Require it on the default branch:
        # a ruleset (or branch protection) with "Require review from Code Owners" and at least one
        # approval. Chase's rule, which `chase validate` checks too: the verdicts in reviews/, the
        # tasks in queue/ and the team's config in .chase/ are the maintainers' to approve, and so are
        # the workflows and this file — a pull request's check runs that pull request's own copy of
        # the workflows, so only this review stops one that switches the check off.
        #
        # The owners: GitHub logins (@login) or a team with write access (@organisation/team), the
        # same people listed under `maintainers` in .chase/config.yml. The bot pushes its own
        # commits with a GitHub App's token on the ruleset's bypass list.
        /queue/ \(who)
        /reviews/ \(who)
        /.chase/ \(who)
        /.github/ \(who)

        """
    }
}
