#!/usr/bin/env bash
set -euo pipefail
dest="$GITHUB_WORKSPACE"
[ "$DEST" = "." ] || dest="$GITHUB_WORKSPACE/$DEST"
if [ "$DEST" = ".chase-action" ]; then
    rm -rf "$dest"
    git clone -q "$CHASE_SOURCE" "$dest"
    exit 0
fi
mkdir -p "$dest"
find "$dest" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
git clone -q "$ACT_ORIGIN" "$dest"
cd "$dest"
if [ -n "$REF" ]; then
    git checkout -q --detach "$REF"
else
    git checkout -q -B "$GITHUB_REF_NAME" "$GITHUB_SHA"
fi
