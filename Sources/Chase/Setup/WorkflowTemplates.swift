/// The GitHub Actions files `chase init` writes into a repository: byte for byte the text of this
/// repository's own `.github/workflows/` and `.github/actions/` (a test compares them), so what runs
/// here is what users get.
public enum WorkflowTemplates {
    /// (path in the repository, file text).
    public static let files: [(path: String, text: String)] = [
        (".github/workflows/tick.yml", tick),
        (".github/workflows/validate.yml", validate),
        (".github/workflows/agents.yml", agents),
        (".github/actions/build-chase/action.yml", buildChase),
    ]

    /// `chase tick --push` on pushes to the default branch, every 15 minutes and by hand.
    static let tick = #"""
    # Chase's tick: reads the commits since its last run, applies the rules (routing, reviews, SLAs,
    # dependencies, publishing) and commits the result back with `chase tick --push`.
    # Runs on every push to the default branch that touches the queue, every 15 minutes (for SLA
    # checks), by hand, and after the agents workflow. Two ticks never overlap.
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
      workflow_call:
        secrets:
          CHASE_PUSH_TOKEN:
            required: false
          CHASE_WEBHOOK_URL:
            required: false
          CHASE_PUBLISH_URL:
            required: false

    permissions: {}

    jobs:
      tick:
        name: Tick
        # Pushes to other branches are left to pull requests and the validate workflow.
        if: github.event_name != 'push' || github.ref_name == github.event.repository.default_branch
        runs-on: ubuntu-24.04
        timeout-minutes: 30
        permissions:
          contents: write # the bot commits to the branch and pushes its refs/chase/ refs
        concurrency:
          group: chase-tick
          cancel-in-progress: false
        steps:
          - name: Check out the queue
            uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
            with:
              # The whole history: the tick reads every commit since its last run.
              fetch-depth: 0
              persist-credentials: false

          - name: Build chase
            uses: ./.github/actions/build-chase
            with:
              repository: ${{ vars.CHASE_REPOSITORY || github.repository }}
              ref: ${{ vars.CHASE_REF }}

          - name: Tick
            env:
              # chase authenticates as x-access-token with this token. To push to a protected branch,
              # set CHASE_PUSH_TOKEN to a token that may bypass the protection (see the README).
              GITHUB_TOKEN: ${{ secrets.CHASE_PUSH_TOKEN || secrets.GITHUB_TOKEN }}
              CHASE_WEBHOOK_URL: ${{ secrets.CHASE_WEBHOOK_URL }}
              CHASE_PUBLISH_URL: ${{ secrets.CHASE_PUBLISH_URL }}
            run: .chase-src/.build/release/chase tick --push

    """#

    /// `chase validate --base` on every pull request, read-only.
    static let validate = #"""
    # The pull-request check: `chase validate` on the pull request's head, including who changed what
    # in each of its commits. Read-only token, no secrets; the Chase that checks is built from the
    # default branch of Chase's source, never from the pull request.
    name: validate

    on:
      pull_request:

    permissions: {}

    # A newer push to the pull request makes the running check moot.
    concurrency:
      group: chase-validate-${{ github.event.pull_request.number }}
      cancel-in-progress: true

    jobs:
      validate:
        name: Validate
        runs-on: ubuntu-24.04
        timeout-minutes: 30
        permissions:
          contents: read # read the pull request's commits
        steps:
          - name: Check out the pull request
            uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
            with:
              # Its own commits, not the merge GitHub prepares: their authors are what is checked.
              ref: ${{ github.event.pull_request.head.sha }}
              fetch-depth: 0
              persist-credentials: false

          - name: Build chase
            uses: ./.github/actions/build-chase
            with:
              repository: ${{ vars.CHASE_REPOSITORY || github.repository }}
              ref: ${{ vars.CHASE_REF }}

          - name: Validate
            env:
              BASE_SHA: ${{ github.event.pull_request.base.sha }}
            run: .chase-src/.build/release/chase validate --base "$BASE_SHA"

    """#

    /// The hourly agent scheduler: agents due → one job per agent → checked push → tick.
    static let agents = #"""
    # The agent scheduler: every hour, each agent with work waiting or a schedule due in the hour
    # (from .chase/config.yml) runs its configured command with its work list. The agents run with a
    # read-only token; their changes go to a separate job that checks them with `chase validate`
    # (who may change what) and pushes them, and a tick then processes them at once.
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
      due:
        name: Agents due
        runs-on: ubuntu-24.04
        timeout-minutes: 30
        permissions:
          contents: read # read the queue and the config
        outputs:
          matrix: ${{ steps.due.outputs.matrix }}
          any: ${{ steps.due.outputs.any }}
        steps:
          - name: Check out the queue
            uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
            with:
              persist-credentials: false

          - name: Build chase
            uses: ./.github/actions/build-chase
            with:
              repository: ${{ vars.CHASE_REPOSITORY || github.repository }}
              ref: ${{ vars.CHASE_REF }}

          - name: Find the agents that are due
            id: due
            env:
              AGENT: ${{ inputs.agent }}
            run: |
              # By hand: the agent named (chase refuses anything but an agent of the config). By the
              # schedule: the top of the hour, so each scheduled minute falls in exactly one run.
              if [ -n "$AGENT" ]; then set -- --agent "$AGENT"; else set -- --at "$(date -u +%Y-%m-%dT%H:00:00Z)"; fi
              .chase-src/.build/release/chase agents due --github-output "$@"

      run:
        name: Run ${{ matrix.handle }}
        needs: due
        if: needs.due.outputs.any == 'true'
        runs-on: ubuntu-24.04
        timeout-minutes: 60
        permissions:
          contents: read # the agent's command gets no write access
        strategy:
          fail-fast: false
          matrix: ${{ fromJSON(needs.due.outputs.matrix) }}
        steps:
          - name: Check out the queue
            uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
            with:
              persist-credentials: false

          - name: Build chase
            uses: ./.github/actions/build-chase
            with:
              repository: ${{ vars.CHASE_REPOSITORY || github.repository }}
              ref: ${{ vars.CHASE_REF }}

          - name: Note where the agent starts
            id: start
            run: echo "commit=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"

          - name: Run the agent
            env:
              AGENT: ${{ matrix.agent }}
              # The agent's own secrets (an API key for its model, say) go here, for this step only.
            run: .chase-src/.build/release/chase agents run --agent "$AGENT"

          - name: Collect the agent's changes
            env:
              HANDLE: ${{ matrix.handle }}
              START: ${{ steps.start.outputs.commit }}
            run: |
              # All the agent changed since it started, committed or left in the queue's folders, as one
              # patch. Whose change it is, is the land job's to decide, not what the commits claim.
              mkdir -p "$RUNNER_TEMP/changes"
              git ls-files -z --modified --others --exclude-standard -- queue reviews outputs | git update-index -z --add --remove --stdin
              git diff --cached --binary --no-ext-diff --no-textconv "$START" > "$RUNNER_TEMP/changes/$HANDLE.patch"

          - name: Hand the changes on
            uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
            with:
              name: changes-${{ matrix.handle }}
              path: ${{ runner.temp }}/changes
              if-no-files-found: ignore
              retention-days: 7

      push:
        name: Push the agents' changes
        needs: [due, run]
        # Also when some agents failed: the others' work is kept.
        if: always() && needs.due.outputs.any == 'true'
        runs-on: ubuntu-24.04
        timeout-minutes: 30
        permissions:
          contents: write # push the checked changes
        outputs:
          pushed: ${{ steps.land.outputs.pushed }}
        steps:
          - name: Check out the queue
            uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
            with:
              fetch-depth: 0
              persist-credentials: false

          - name: Build chase
            uses: ./.github/actions/build-chase
            with:
              repository: ${{ vars.CHASE_REPOSITORY || github.repository }}
              ref: ${{ vars.CHASE_REF }}

          - name: Fetch the agents' changes
            uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0
            with:
              pattern: changes-*
              path: ${{ runner.temp }}/changes

          - name: Check and push the agents' changes
            id: land
            env:
              # chase authenticates as x-access-token with this token (see the tick workflow).
              GITHUB_TOKEN: ${{ secrets.CHASE_PUSH_TOKEN || secrets.GITHUB_TOKEN }}
            # Each agent's patch: only queue/, reviews/ and outputs/, committed as the agent, validated
            # as the agent after every rebase; a refused one is left out, the others are pushed.
            run: .chase-src/.build/release/chase agents land --changes "$RUNNER_TEMP/changes" --github-output

      tick:
        name: Tick
        needs: push
        # Pushes made with GITHUB_TOKEN start no workflow, so the tick is run from here, also when one
        # agent's change was refused and the others' landed.
        if: always() && needs.push.outputs.pushed == 'true'
        permissions:
          contents: write # the tick commits and pushes
        uses: ./.github/workflows/tick.yml
        secrets:
          CHASE_PUSH_TOKEN: ${{ secrets.CHASE_PUSH_TOKEN }}
          CHASE_WEBHOOK_URL: ${{ secrets.CHASE_WEBHOOK_URL }}
          CHASE_PUBLISH_URL: ${{ secrets.CHASE_PUBLISH_URL }}

    """#

    /// The steps every workflow starts with: Chase's source checked out, libgit2 installed, `chase` built (cached).
    static let buildChase = #"""
    # The steps every Chase workflow starts with: check out Chase's source into .chase-src, install
    # libgit2 and build `chase` in release mode, cached between runs. The binary is then
    # .chase-src/.build/release/chase.
    name: Build chase
    description: Check out Chase's source, install libgit2 and build chase, cached between runs.

    inputs:
      repository:
        description: "Chase's repository (owner/name)"
        required: true
      ref:
        description: "A tag, branch or commit of it; empty: its default branch"
        required: false
        default: ""

    runs:
      using: composite
      steps:
        - name: Check out Chase's source
          uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
          with:
            repository: ${{ inputs.repository }}
            ref: ${{ inputs.ref }}
            path: .chase-src
            persist-credentials: false

        - name: Install libgit2
          shell: bash
          run: |
            test -f .chase-src/Package.swift || {
              echo "::error::no Chase source in .chase-src: set the repository variable CHASE_REPOSITORY to Chase's repository (owner/name)"
              exit 1
            }
            sudo apt-get update -qq
            sudo apt-get install -y -qq libgit2-dev pkg-config

        - name: Identify the toolchain
          id: toolchain
          shell: bash
          run: echo "swift=$(swift --version 2>&1 | sha256sum | cut -c1-16)" >> "$GITHUB_OUTPUT"

        - name: Cache the build
          uses: actions/cache@5a3ec84eff668545956fd18022155c47e93e2684 # v4.2.3
          with:
            path: .chase-src/.build
            key: chase-${{ runner.os }}-${{ steps.toolchain.outputs.swift }}-${{ hashFiles('.chase-src/Package.swift', '.chase-src/Sources/**') }}
            restore-keys: chase-${{ runner.os }}-${{ steps.toolchain.outputs.swift }}-

        - name: Build chase
          shell: bash
          run: swift build --package-path .chase-src -c release --product chase

    """#
}
