#!/usr/bin/env bash
# `make demo`: the bot on a scratch copy of this repository's own queue, set up by `chase init`,
# replaying the blueprint's three workflow examples with agents committing as themselves (a
# tweet from plan to publication, a blocked thread released, a late review escalated), then a
# tick with nothing new, the timeline of each example and the git log.
# (The git command line plays the humans and agents here; the bot itself uses libgit2 only.)
set -euo pipefail
chase=${1:?usage: demo.sh PATH-TO-CHASE}
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

echo; echo "== The timeline of each example (chase events)"
for id in CONTENT-900 LORE-900 CONTENT-901 CONTENT-902; do
    "$chase" events --task "$id" | sed -E 's/^2026-([0-9]{2}-[0-9]{2})T([0-9]{2}:[0-9]{2}):[0-9]{2}Z/\1 \2/; s/^/  /'
done

echo; echo "== git log"
git log --format='%h %<(9,trunc)%an %s' | sed 's/^/  /'
echo; echo "== queue/CONTENT-900.md as the bot left it"
sed 's/^/  /' queue/CONTENT-900.md
