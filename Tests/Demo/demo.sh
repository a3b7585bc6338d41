#!/usr/bin/env bash
# `make demo`: the bot on a scratch copy of this repository's own queue, set up by `chase init`,
# replaying the blueprint's three workflow examples with agents committing as themselves (a
# tweet from plan to publication, a blocked thread released, a late review escalated), then a
# tick with nothing new, an agent working through `chase mcp` the moment a tick gives it work (and
# the time from ready to activation), the timeline of each example and the git log.
# (The git command line plays the humans and agents here; the bot itself uses libgit2 only.)
set -euo pipefail
chase=${1:?usage: demo.sh PATH-TO-CHASE}
# `chase mcp` runs the chase-mcp installed beside chase (`swift build` builds both).
[ -x "$(dirname "$chase")/chase-mcp" ] || { echo "demo: no chase-mcp beside $chase; build both products (swift build)" >&2; exit 1; }
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/chase-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$work/repo"
cd "$work/repo"
git -c init.defaultBranch=main init -q
clock=$(date -u -d 2026-01-07T12:00:00Z +%s)

as() { # as NAME EMAIL MESSAGE: commit everything as that author, one minute after the last commit
    clock=$((clock + 60))
    git add -A
    GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 GIT_COMMITTER_NAME=$1 GIT_COMMITTER_EMAIL=$2 \
        GIT_AUTHOR_DATE="$clock +0000" GIT_COMMITTER_DATE="$clock +0000" git commit -q -m "$3"
}
now() { date -u -d "@$clock" +%Y-%m-%dT%H:%M:%SZ; }
tick() { # tick [MINUTES-LATER]: run the bot, as the scheduled workflow would
    clock=$((clock + ${1:-1} * 60))
    echo; echo "\$ chase tick --now $(now)"
    "$chase" tick --now "$(now)" | sed 's/^/  /'
}
tick_at() { # tick_at TIME: run the bot at that time (a scheduled run hours later)
    clock=$(date -u -d "$1" +%s)
    echo; echo "\$ chase tick --now $(now)"
    "$chase" tick --now "$(now)" | sed 's/^/  /'
}
monitor() { # monitor UNTIL: the scheduled tick every 15 minutes until UNTIL, one line per run (events, no details)
    local until; until=$(date -u -d "$1" +%s)
    while [ "$clock" -lt "$until" ]; do
        clock=$((clock + 15 * 60))
        local events; events=$("$chase" tick --now "$(now)" | awk '/^  [a-z]+\.[a-z]+ / { print $1, $2 } /^notifications/ { sub(/ \(outbox commit .*/, ""); print }' | paste -sd ';' - | sed 's/;/; /g')
        echo "  $(date -u -d "@$clock" +%H:%M)  ${events:-nothing to do}"
    done
}
set_key() { # set_key FILE KEY VALUE: an agent edits one key of a file
    grep -q "^$2:" "$1" || { echo "demo: $1 has no $2" >&2; exit 1; }
    sed -i "s|^$2:.*|$2: $3|" "$1"
}
task() { # task ID TYPE CONTENT_TYPE EXTRA...: a new task file as agent 00 writes it
    local id=$1 type=$2 ct=$3; shift 3
    { echo "---"; echo "id: $id"; echo "title: Demo task $id"; echo "type: $type"
      [ -n "$ct" ] && echo "content_type: $ct"
      for line in "$@"; do echo "$line"; done
      echo "---"; echo "Brief for $id."; } > "queue/$id.md"
}

echo "== The team's queue, copied from this repository, and chase init"
mkdir -p queue reviews outputs
cp -r "$src/queue/." queue/ 2>/dev/null || true
cp -r "$src/reviews/." reviews/ 2>/dev/null || true
cp -r "$src/outputs/." outputs/ 2>/dev/null || true
echo "\$ chase init"
"$chase" init | sed 's/^/  /'
# The humans also get their notifications as files in the outbox, so this demo can show them.
sed -i '/- name: humans/,/channels:/ s/channels: \[github, webhook\]/channels: [github, webhook, outbox]/' .chase/config.yml
as "Human Lead" lead@example.com "Set up chase; import the team's queue"
tick

echo; echo "== Agent 00 plans a tweet, a lore drop and a thread that waits for it"
task CONTENT-900 content tweet "priority: P2" "status: pending" "review_tier: 2" "scheduled_at: 2026-01-08T00:00:00Z" "platform: twitter" \
    "output: outputs/content/tweets/demo-900.md"
task LORE-900 lore "" "priority: P1" "status: in_progress" "assignee: 1" "output: outputs/lore/demo-900.md"
task CONTENT-901 content thread "priority: P2" "status: pending" "review_tier: 1" "depends_on: [LORE-900]"
as "Agent 00" agent00@example.com "Plan CONTENT-900, LORE-900, CONTENT-901"
tick

echo; echo "== Example 1: agent 02 writes the tweet and marks it complete"
mkdir -p outputs/content/tweets
echo "Ika never loses a chase. Not even to the alarm clock. #InfiniteIdol" > outputs/content/tweets/demo-900.md
set_key queue/CONTENT-900.md status complete
as "Agent 02" agent02@example.com "CONTENT-900: tweet written"
tick

echo; echo "== Agent 09 approves the cultural review"
set_key reviews/CONTENT-900.cultural.md status approved
as "Agent 09" agent09@example.com "Cultural review of CONTENT-900: approved"
tick 10

echo; echo "== Agent 00 approves; the tweet has a publish time, so it is scheduled"
set_key reviews/CONTENT-900.coordinator.md status approved
as "Agent 00" agent00@example.com "Coordinator review of CONTENT-900: approved"
tick

echo; echo "== Example 2: agent 01 completes the lore drop; the blocked thread is released and routed"
mkdir -p outputs/lore
echo "Senpai was never missing. Senpai was waiting." > outputs/lore/demo-900.md
set_key queue/LORE-900.md status complete
as "Agent 01" agent01@example.com "LORE-900: lore drop written"
tick

echo; echo "== Example 3: agent 04's banner copy (review tier 1) is done; agent 08 answers, agent 09 does not"
task CONTENT-902 content banner "priority: P2" "status: complete" "assignee: 4" "review_tier: 1"
as "Agent 04" agent04@example.com "CONTENT-902: banner copy written"
tick
set_key reviews/CONTENT-902.canon.md status approved
as "Agent 08" agent08@example.com "Canon review of CONTENT-902: approved"
echo; echo "== The SLA monitor: the scheduled tick every 15 minutes; the cultural review's limit is 2h"
monitor "$(date -u -d "@$((clock + 150 * 60))" +%Y-%m-%dT%H:%M:%SZ)"
echo "  reviews/CONTENT-902.cultural.md: $(grep '^escalated_at:' reviews/CONTENT-902.cultural.md)"
for f in .chase/outbox/*.json; do
    if grep -q CONTENT-902.cultural "$f"; then echo "  for the humans: $f"; fi
done

echo; echo "== Agent 09 answers at last, and agent 00 approves: the banner copy is approved"
set_key reviews/CONTENT-902.cultural.md status approved
as "Agent 09" agent09@example.com "Cultural review of CONTENT-902: approved"
tick
set_key reviews/CONTENT-902.coordinator.md status approved
as "Agent 00" agent00@example.com "Coordinator review of CONTENT-902: approved"
tick

echo; echo "== Example 1, step 8: at the tweet's publish time the publishing service posts it"
tick_at 2026-01-08T00:00:30Z
echo "  outputs/published/CONTENT-900.md: $(tail -n 1 outputs/published/CONTENT-900.md)"

echo; echo "== A tick with nothing new"
tick

echo; echo "== An agent through MCP, started by the tick that gave it work"
mcp() { # mcp AGENT TOOL ARGUMENTS-JSON...: one session of `chase mcp`, a JSON-RPC line per call, each answered before the next
    local agent=$1 id=1 line; shift
    coproc MCP { "$chase" mcp --agent "$agent" --now "$(now)"; }
    printf '%s\n' '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"demo","version":"1"}}}' >&"${MCP[1]}"
    read -r line <&"${MCP[0]}"
    printf '%s\n' '{"jsonrpc":"2.0","method":"notifications/initialized"}' >&"${MCP[1]}"
    while [ $# -gt 0 ]; do
        printf '{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":%s}}\n' "$id" "$1" "$2" >&"${MCP[1]}"
        read -r line <&"${MCP[0]}"
        echo "  agent $agent: $1 → $(echo "$line" | sed -E 's/.*"text":"(.{0,110}).*/\1/')…"
        shift 2; id=$((id + 1))
    done
    exec {MCP[1]}>&-
    wait "$MCP_PID" || true
}
task CONTENT-905 content tweet "priority: P2" "review_tier: 3" "status: pending"
as "Agent 00" agent00@example.com "Plan CONTENT-905"
clock=$((clock + 60)); ready=$clock
echo "\$ chase tick --now $(now) --github-output"
GITHUB_OUTPUT="$work/tick-outputs" "$chase" tick --now "$(now)" --github-output | sed 's/^/  /'
given=$(sed -n '/^agents<</{n;p;}' "$work/tick-outputs")
echo "  step outputs: agents=$given — the tick workflow starts the agents workflow for them now"
echo "\$ chase mcp --agent $given   (the agent's LLM client calls its tools)"
mcp "$given" my_work '{}' start_task '{"task_id":"CONTENT-905"}' \
    complete_task '{"task_id":"CONTENT-905","text":"Ika, mid-chase, waves at the camera. #InfiniteIdol"}'
echo "  CONTENT-905 ready at $(date -u -d "@$ready" +%H:%M) (task.assigned); agent $given activated by that same tick:"
echo "  $(( (clock - ready) / 60 )) minutes from ready to activation (the hourly agents run alone: up to 60)"
tick
git log -3 --format='  %h %an <%ae> %s'

echo; echo "== The timeline of each example (chase events)"
for id in CONTENT-900 LORE-900 CONTENT-901 CONTENT-902 CONTENT-905; do
    "$chase" events --task "$id" | sed -E 's/^2026-([0-9]{2}-[0-9]{2})T([0-9]{2}:[0-9]{2}):[0-9]{2}Z/\1 \2/; s/^/  /'
done

echo; echo "== git log"
git log --format='%h %<(9,trunc)%an %s' | sed 's/^/  /'
echo; echo "== queue/CONTENT-900.md as the bot left it"
sed 's/^/  /' queue/CONTENT-900.md
