import ChaseCore

/// Where the workflows `chase init` writes take Chase from: a release of Chase's repository,
/// pinned by its full commit id with the version beside it (`uses: owner/chase/…@<sha> # v1.2.0`),
/// or, in Chase's own repository, the same commit (`uses: ./…`).
public struct ChaseSource: Sendable, Equatable {
    /// `owner/name`; nil for Chase's own repository.
    public var repository: String?
    /// The release's full commit id.
    public var sha: String
    /// The release's tag, written beside the commit id for people and update tools.
    public var version: String

    /// What `chase init` writes until told which release to pin: a visibly unset commit.
    public static let placeholder = ChaseSource(repository: "your-org/chase", sha: String(repeating: "0", count: 40),
                                                 version: "v" + ChaseVersion.current)
    /// Chase's own repository: its workflows call the reusable ones of the same commit.
    public static let local = ChaseSource(repository: nil, sha: "", version: "")

    public init(repository: String?, sha: String, version: String) {
        self.repository = repository; self.sha = sha; self.version = version
    }

    /// `owner/name@<40 hex digits>` (and the version tag), or `./` for Chase's own repository;
    /// anything else is an invalid argument, with the reason.
    public static func parse(_ spec: String, version: String) throws -> ChaseSource {
        if spec == "./" || spec == "." { return .local }
        let parts = spec.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
        let name = #"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$"#
        guard parts.count == 2, parts[0].range(of: name, options: .regularExpression) != nil, !parts[0].hasSuffix("/.."),
              !parts[0].hasSuffix("/.") else {
            throw ChaseError.invalidArgument("--chase '\(spec)' is not OWNER/REPO@COMMIT (or ./ in Chase's own repository)")
        }
        guard parts[1].count == 40, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw ChaseError.invalidArgument("--chase '\(spec)': pin a release by its full 40-digit commit id, not a tag or branch, "
                + "which can be moved to other code")
        }
        guard version.range(of: #"^v\d+(\.\d+)*$"#, options: .regularExpression) != nil else {
            throw ChaseError.invalidArgument("--chase-version '\(version)' is not a version tag like v1.2.0")
        }
        return ChaseSource(repository: parts[0], sha: parts[1], version: version)
    }

    /// The `uses:` value of a caller of Chase's reusable workflow `file`.
    func uses(_ file: String) -> String {
        guard let repository else { return "./.github/workflows/\(file)" }
        return "\(repository)/.github/workflows/\(file)@\(sha) # \(version)"
    }

    /// Where an editor finds the JSON Schema of `kind` for this release: Chase's repository at
    /// that commit (from `.chase/config.yml`, in Chase's own repository).
    public func schemaURL(_ kind: JSONSchemas.Kind) -> String {
        guard let repository else { return "../" + JSONSchemas.path(kind) }
        return "https://raw.githubusercontent.com/\(repository)/\(sha)/\(JSONSchemas.path(kind))"
    }

    /// Whether this is the unset placeholder.
    public var isPlaceholder: Bool { self == .placeholder || sha == ChaseSource.placeholder.sha }
}

/// The GitHub Actions workflows `chase init` writes into a repository: a few lines each, calling
/// Chase's reusable workflows (`.github/workflows/chase-tick.yml`, `chase-validate.yml` and
/// `chase-agents.yml` of Chase's repository) at one pinned release, so an upgrade is one version
/// bump. Rendered for Chase's own repository they are byte for byte its own workflows (a test
/// compares them), so what runs here is what users get.
public enum WorkflowTemplates {
    /// (path in the repository, file text) for the given source of Chase.
    public static func files(source: ChaseSource) -> [(path: String, text: String)] {
        [
            (".github/workflows/tick.yml", tick.replacingOccurrences(of: "AGENTS_USES", with: source.uses("chase-agents.yml"))
                .replacingOccurrences(of: "USES", with: source.uses("chase-tick.yml"))),
            (".github/workflows/validate.yml", validate.replacingOccurrences(of: "USES", with: source.uses("chase-validate.yml"))),
            (".github/workflows/agents.yml", agents.replacingOccurrences(of: "USES", with: source.uses("chase-agents.yml"))),
        ]
    }

    /// `chase tick --push` on pushes to the default branch, every 15 minutes and by hand.
    static let tick = #"""
    # Chase's tick: reads the commits since its last run, applies the rules (routing, reviews, SLAs,
    # dependencies, publishing) and commits the result back, with Chase's reusable workflow at the
    # version pinned below. Runs on every push to the default branch that touches the queue, every
    # 15 minutes (for SLA checks) and by hand. Its secrets live in the GitHub environment `chase`.
    name: tick

    on:
      push:
        paths:
          - "queue/**"
          - "reviews/**"
          - "outputs/**"
          - ".chase/**"
      schedule:
        - cron: "*/15 * * * *"
      workflow_dispatch:

    permissions: {}

    jobs:
      tick:
        name: Tick
        permissions:
          contents: write # the bot commits to the branch and pushes its refs/chase/ refs
        uses: USES
      agents:
        name: Agents given work
        # The agents the tick just gave work start now instead of at their next hourly run. A tick
        # that gives no one new work starts nobody, so agents landing their work cannot loop.
        needs: tick
        if: needs.tick.outputs.agents != ''
        permissions:
          contents: write # the land job pushes the agents' checked changes
        uses: AGENTS_USES
        with:
          given: ${{ needs.tick.outputs.agents }}

    """#

    /// `chase validate` on every pull request, read-only, judged as the pull request's author.
    static let validate = #"""
    # The pull-request check: `chase validate` on the pull request's own commits, each change judged
    # as made by the pull request's author. Read-only, no secrets; the Chase that checks is the
    # version pinned below, never the pull request's.
    name: validate

    on:
      pull_request:
        # edited: a pull request moved to another base branch is checked again.
        types: [opened, synchronize, reopened, edited]

    permissions: {}

    # A newer push to the pull request makes the running check moot.
    concurrency:
      group: chase-validate-${{ github.event.pull_request.number }}
      cancel-in-progress: true

    jobs:
      validate:
        name: Validate
        permissions:
          contents: read # read the pull request's commits
        uses: USES

    """#

    /// The agents: hourly, and one agent by hand.
    static let agents = #"""
    # The agent scheduler: every hour, each agent with work waiting or a schedule due in the hour
    # (from .chase/config.yml) runs its configured command with its work list, in its own GitHub
    # environment (`chase-agent-02`, …) with a read-only token; `chase agents land` then commits and
    # checks each agent's changes as that agent and pushes them, and a tick follows.
    name: agents

    on:
      schedule:
        - cron: "0 * * * *"
      workflow_dispatch:
        inputs:
          agent:
            description: "Run only this agent (its number); empty: every agent that is due"
            required: false
            type: string

    permissions: {}

    concurrency:
      group: chase-agents
      cancel-in-progress: false

    jobs:
      agents:
        name: Agents
        permissions:
          contents: write # the land job pushes the agents' checked changes
        uses: USES
        with:
          agent: ${{ inputs.agent }}

    """#
}
