#!/usr/bin/env bash
# The act suite: the workflows `chase init` writes, run as GitHub would run them, by nektos/act in
# host mode, against local bare repositories that play GitHub. Remote actions are replaced by the
# small stand-ins in standins/ (checkout clones from the bare origin, so pushes land there; the
# cache restore hands out the chase and chase-mcp binaries CI already built, so nothing is
# compiled; artifacts are folders). Every scenario asserts what landed on the origin: commits,
# authors, refs.
#
#   Tests/Act/run.sh ACT CHASE      (the act binary, the chase binary to install; chase-mcp beside it)
set -euo pipefail
act=$(command -v "$1")
chase=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
chase_mcp=$(dirname "$chase")/chase-mcp
[ -x "$chase_mcp" ] || { echo "act suite: no chase-mcp beside $chase (build both products)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
release=0123456789abcdef0123456789abcdef01234567
failures=0
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" GIT_AUTHOR_NAME="Human Lead" GIT_AUTHOR_EMAIL=lead@example.com
export GIT_COMMITTER_NAME="Human Lead" GIT_COMMITTER_EMAIL=lead@example.com
mkdir -p "$HOME"
git config --global init.defaultBranch main

# Chase as released: this work tree's action, workflows and sources, committed as one release.
source="$work/chase"
mkdir -p "$source/.github"
cp -R "$root/action.yml" "$root/Package.swift" "$root/Sources" "$source/"
cp -R "$root/.github/workflows" "$source/.github/"
git -C "$source" init -q && git -C "$source" add -A && git -C "$source" commit -qm "Chase, as released"

locals=()
for pair in "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683=checkout" \
            "actions/cache@5a3ec84eff668545956fd18022155c47e93e2684=cache" \
            "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02=upload-artifact" \
            "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093=download-artifact" \
            "actions/create-github-app-token@fee1f7d63c2ff003460e3d139729b119787bc349=create-github-app-token"; do
    locals+=(--local-repository "${pair%%=*}=$here/standins/${pair#*=}")
done
locals+=(--local-repository "octo-org/chase@$release=$source")

task() {  # id assignee status [extra line]
    printf -- '---\nid: %s\ntitle: A task\ntype: content\ncontent_type: tweet\npriority: P2\nstatus: %s\n' "$1" "$3"
    [ "$2" = - ] || printf 'assignee: %s\n' "$2"
    [ -z "${4:-}" ] || printf '%s\n' "$4"
    printf 'created: 2026-01-09T09:00:00Z\n---\nBrief for %s.\n' "$1"
}

# A queue repository as `chase init` sets it up, pushed to its bare origin; `dev` is a clone.
queue() {
    scenario=$1
    origin="$work/$scenario/origin.git" dev="$work/$scenario/dev"
    git init -q --bare "$origin"
    git clone -q "$origin" "$dev" 2>/dev/null
    "$chase" init --repo "$dev" --chase "octo-org/chase@$release" --chase-version v1.2.0 --owner @lead >/dev/null
    # Agents 2 (content) and 9 (cultural review) run a script of the repository; each has its email.
    python3 - "$dev/.chase/config.yml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
for number, email in ((2, "content@example.com"), (9, "culture@example.com")):
    block = re.search(r"  - number: %d\n(?:    .*\n)*" % number, text)
    new = block.group(0).replace("identities: []", "identities: [%s]" % email) \
        .replace("command: []", "command: [sh, scripts/agent-%02d.sh]" % number)
    text = text.replace(block.group(0), new)
open(path, "w").write(text)
PY
    mkdir -p "$dev/scripts"
    # Each agent moves its items on: the worker starts its tasks, the reviewer approves its reviews.
    # With ACT_MOVE set, the worker's run also has someone push to main meanwhile.
    # The worker first starts its MCP server (chase mcp runs the chase-mcp installed beside chase).
    cat > "$dev/scripts/agent-02.sh" <<'SH'
chase mcp --agent 2 < /dev/null > /dev/null || exit 1
for f in "$@"; do sed -i "s/^status: pending/status: in_progress/" "$f"; done
if [ -n "${ACT_HOSTILE:-}" ]; then
    # A prompt-injected worker: it approves the review of its own task, under the reviewer's email,
    # and slips in a workflow.
    sed -i "s/^status: pending/status: approved/" reviews/CONTENT-2.cultural.md
    mkdir -p .github/workflows && echo "on: push" > .github/workflows/evil.yml
    git add -A && git -c user.name=agent-09 -c user.email=culture@example.com commit -qm "Approved"
fi
if [ -n "${ACT_MOVE:-}" ]; then
    git clone -q "$ACT_ORIGIN" "$RUNNER_TEMP/someone" && cd "$RUNNER_TEMP/someone" && echo "notes" > outputs/notes.md && git add -A &&
        git -c user.name=Someone -c user.email=someone@example.com commit -qm "Pushed while the agents ran" && git push -q origin main
fi
SH
    printf 'for f in "$@"; do sed -i "s/^status: pending/status: approved/" "$f"; done\n' > "$dev/scripts/agent-09.sh"
    task CONTENT-1 2 pending > "$dev/queue/CONTENT-1.md"
    task CONTENT-2 3 in_review > "$dev/queue/CONTENT-2.md"
    printf -- '---\nid: CONTENT-2.cultural\ntask: CONTENT-2\ntype: cultural\nreviewer: 9\nstatus: pending\nrequested: 2026-01-09T09:00:00Z\ndue: 2099-01-09T10:00:00Z\n---\n' \
        > "$dev/reviews/CONTENT-2.cultural.md"
    git -C "$dev" add -A && git -C "$dev" commit -qm "Set up chase" && git -C "$dev" push -q origin main
    mkdir -p "$work/$scenario/artifacts" "$work/$scenario/bin"
    : > "$work/$scenario/log"
}

# act EVENT WORKFLOW [args…], in dev, with the event's payload from $event if set.
run_act() {
    local event=$1 workflow=$2
    shift 2
    local payload=()
    # Artifacts belong to one run.
    rm -rf "$work/$scenario/artifacts" && mkdir -p "$work/$scenario/artifacts"
    [ -z "${event_json:-}" ] || { printf '%s' "$event_json" > "$work/$scenario/event.json"; payload=(-e "$work/$scenario/event.json"); }
    (cd "$dev" && "$act" "$event" -W ".github/workflows/$workflow" -P ubuntu-24.04=-self-hosted --no-skip-checkout \
        "${locals[@]}" "${payload[@]}" \
        --env ACT_ORIGIN="$origin" --env CHASE_SOURCE="$source" --env CHASE_BINARY="$chase" --env CHASE_MCP_BINARY="$chase_mcp" \
        --env ACT_ARTIFACTS="$work/$scenario/artifacts" --env ACT_LOG="$work/$scenario/log" \
        --env CHASE_INSTALL_DIR="$work/$scenario/bin" --env PATH="$work/$scenario/bin:$here/standins/bin:$PATH" "$@") \
        > "$work/$scenario/act.out" 2>&1
}

origin_git() { git --git-dir="$origin" "$@"; }
check() {  # description, then a command that must succeed
    local what=$1
    shift
    if "$@"; then echo "  ok: $what"; else echo "  FAILED: $what"; failures=$((failures + 1)); fi
}
expect() { [ "$1" = "$2" ] || { echo "    expected [$2], got [$1]"; return 1; }; }
show_log() { echo "---- act output ($scenario)"; tail -n 40 "$work/$scenario/act.out"; }

echo "tick: by hand, then again with nothing new"
queue tick-dispatch
before=$(origin_git rev-parse main)
event_json='' run_act workflow_dispatch tick.yml || show_log
check "the bot's commit lands on main" expect "$(origin_git log -1 --format=%an main)" "chase-bot"
check "on top of what was there" expect "$(origin_git rev-parse main~1)" "$before"
check "its marker is pushed" expect "$(origin_git rev-parse refs/chase/processed/main)" "$(origin_git rev-parse main)"
ticked=$(origin_git rev-parse main)
event_json='' run_act workflow_dispatch tick.yml || show_log
check "a second tick writes nothing" expect "$(origin_git rev-parse main)" "$ticked"

echo "tick: a push to the default branch, and one to another branch"
queue tick-push
git -C "$dev" checkout -q -b feature
task CONTENT-7 - pending > "$dev/queue/CONTENT-7.md"
git -C "$dev" add -A && git -C "$dev" commit -qm "A task on a branch" && git -C "$dev" push -q origin feature
main_before=$(origin_git rev-parse main)
event_json='{"ref":"refs/heads/feature","repository":{"default_branch":"main"}}' run_act push tick.yml || show_log
check "a push to another branch is left alone" expect "$(origin_git rev-parse main)/$(origin_git log -1 --format=%an feature)" "$main_before/Human Lead"
git -C "$dev" checkout -q main && git -C "$dev" merge -q --ff-only feature && git -C "$dev" push -q origin main
pushed=$(origin_git rev-parse main)
event_json='{"ref":"refs/heads/main","repository":{"default_branch":"main"}}' run_act push tick.yml || show_log
# The tick's commit comes right after the push; the agent it gave work runs in the same run (on demand).
check "a push to main is ticked" expect "$(origin_git log -1 --format=%an "$(origin_git rev-list --first-parent --reverse "$pushed..main" | head -n 1)")" "chase-bot"
check "the agent the tick gave work is started by the same run" expect "$(origin_git log -1 --format=%an main)" "agent-02"
check "the new task is routed" bash -c "git --git-dir='$origin' show main:queue/CONTENT-7.md | grep -q '^assignee: '"

echo "validate: a legal pull request, an illegal one, and one whose base moved"
queue validate
base=$(git -C "$dev" rev-parse main)
pr() {  # branch-name, then the event for it
    local head
    head=$(git -C "$dev" rev-parse HEAD)
    event_json="{\"number\":1,\"pull_request\":{\"number\":1,\"head\":{\"sha\":\"$head\",\"ref\":\"$1\"},\"base\":{\"sha\":\"$2\",\"ref\":\"main\"},\"user\":{\"login\":\"contributor\"}}}"
}
git -C "$dev" checkout -q -b legal
task CONTENT-8 - pending > "$dev/queue/CONTENT-8.md"
git -C "$dev" add -A && git -C "$dev" commit -qm "A new task" && git -C "$dev" push -q origin legal
pr legal "$base"
check "a legal pull request passes" run_act pull_request validate.yml
# The base moves on meanwhile: only the pull request's own commits are judged.
git -C "$dev" checkout -q main
task CONTENT-9 - pending > "$dev/queue/CONTENT-9.md"
git -C "$dev" add -A && git -C "$dev" commit -qm "Meanwhile on main" && git -C "$dev" push -q origin main
git -C "$dev" checkout -q legal
check "it still passes after its base moved" run_act pull_request validate.yml
git -C "$dev" checkout -q -b illegal main
sed -i 's/^status: pending/status: approved/' "$dev/reviews/CONTENT-2.cultural.md"
git -C "$dev" add -A && git -C "$dev" commit -qm "Approve it myself" --author "Culture Bot <culture@example.com>" && git -C "$dev" push -q origin illegal
pr illegal "$(git -C "$dev" rev-parse main)"
if run_act pull_request validate.yml; then
    check "a contributor's verdict fails the check" false
else
    check "a contributor's verdict fails the check" grep -q "only its reviewer (agent 09) or a maintainer may set it" "$work/$scenario/act.out"
fi

echo "agents: a reviewer and a worker, each started by hand"
queue agents
before=$(origin_git rev-parse main)
event_json='{"inputs":{"agent":"9"}}' run_act workflow_dispatch agents.yml --input agent=9 || show_log
check "the reviewer's verdict lands under its email" expect "$(origin_git log -1 --format='%an <%ae>' --grep '^agent-09: ' main)" "agent-09 <culture@example.com>"
check "and a tick follows it" expect "$(origin_git log -1 --format=%an main)" "chase-bot"
check "the review is approved on main" bash -c "git --git-dir='$origin' show main:reviews/CONTENT-2.cultural.md | grep -q '^status: approved'"
check "no job but the one that runs no agent restored or saved a build" \
    bash -c "! grep -v '^restore due ' '$work/$scenario/log' | grep -qE '^(restore|save)'"
event_json='{"inputs":{"agent":"2"}}' run_act workflow_dispatch agents.yml --input agent=2 || show_log
check "the worker's change lands under its email" expect "$(origin_git log -1 --format='%an <%ae>' --grep '^agent-02: ' main)" "agent-02 <content@example.com>"
check "its task is in progress" bash -c "git --git-dir='$origin' show main:queue/CONTENT-1.md | grep -q '^status: in_progress'"

echo "agents: a hostile worker is refused, and nothing of its run lands"
queue agents-hostile
before=$(origin_git rev-parse main)
if event_json='{"inputs":{"agent":"2"}}' run_act workflow_dispatch agents.yml --input agent=2 --env ACT_HOSTILE=1; then
    check "the run fails" false
else
    check "the run fails, saying why" grep -q "agent-02: refused" "$work/$scenario/act.out"
fi
check "main is as it was" expect "$(origin_git rev-parse main)" "$before"
check "the review is still pending" bash -c "git --git-dir='$origin' show main:reviews/CONTENT-2.cultural.md | grep -q '^status: pending'"

echo "agents: the hourly run, with main moving while the agents work"
queue agents-hourly
event_json='' run_act schedule agents.yml --env ACT_MOVE=1 || show_log
check "both due agents' changes land, each under its email" \
    expect "$(origin_git log --format='%an <%ae>' --grep '^agent-' main | sort | tr '\n' ' ')" "agent-02 <content@example.com> agent-09 <culture@example.com> "
check "on top of the commit pushed meanwhile" bash -c "git --git-dir='$origin' log --format=%s main | grep -q 'Pushed while the agents ran'"
check "the agents' commits come after it" expect "$(origin_git log --format=%s --grep '^agent-' --ancestry-path 'main^{/Pushed while}..main' | wc -l)" "2"
origin_git log --format='    %an: %s' main | head -n 6

echo
if [ "$failures" -gt 0 ]; then echo "act suite: $failures failed"; exit 1; fi
echo "act suite: all passed"
