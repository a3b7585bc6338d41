#!/usr/bin/env python3
"""What a user would write instead of chase, for chase-bench to compare against.

pygit2 reads the repository and PyYAML's C loader (libyaml) parses the front matter, doing the
reading chase does in the benchmark's two reading cases:

  python_baseline.py replay REPO BASE HEAD   the first-parent commits after BASE up to HEAD: diff
                                             each against its parent in queue/, reviews/ and
                                             outputs/, and parse the changed task and review files
                                             (both sides, each blob once)
  python_baseline.py scan REPO COMMIT        parse every task and review file of COMMIT
  python_baseline.py versions                print the versions (fails without pygit2, PyYAML
                                             or PyYAML's C loader)
"""
import sys

import pygit2
import yaml

WATCHED = ("queue", "reviews", "outputs")
PARSED = ("queue", "reviews")


def front_matter(data):
    """The front matter of one file as a dict, or None when it has none or does not parse."""
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            try:
                return yaml.load("".join(lines[1:i]), Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                return None
    return None


def subtree(repo, tree, name):
    try:
        entry = tree[name]
    except KeyError:
        return None
    obj = repo[entry.id]
    return obj if isinstance(obj, pygit2.Tree) else None


def replay(path, base, head):
    repo = pygit2.Repository(path)
    base_id = pygit2.Oid(hex=base)
    commits = []
    commit = repo[head]
    while commit.id != base_id:
        commits.append(commit)
        if not commit.parents:
            break
        commit = commit.parents[0]
    seen = set()
    parsed = 0
    for commit in reversed(commits):
        parent_tree = commit.parents[0].tree if commit.parents else None
        for folder in WATCHED:
            old = subtree(repo, parent_tree, folder) if parent_tree is not None else None
            new = subtree(repo, commit.tree, folder)
            if old is None and new is None:
                continue
            if old is not None and new is not None and old.id == new.id:
                continue
            if old is None:
                diff = new.diff_to_tree(swap=True)
            elif new is None:
                diff = old.diff_to_tree()
            else:
                diff = old.diff_to_tree(new)
            diff.find_similar()
            if folder not in PARSED:
                continue
            for delta in diff.deltas:
                for side in (delta.old_file, delta.new_file):
                    if side.id.raw == b"\0" * 20 or side.id in seen:
                        continue
                    seen.add(side.id)
                    front_matter(repo[side.id].data)
                    parsed += 1
    print(f"{len(commits)} commits, {parsed} files parsed")


def scan(path, commit):
    repo = pygit2.Repository(path)
    tree = repo[commit].peel(pygit2.Tree)
    count = 0
    for folder in PARSED:
        sub = subtree(repo, tree, folder)
        if sub is None:
            continue
        for entry in sub:
            if entry.type_str == "blob":
                front_matter(repo[entry.id].data)
                count += 1
    print(f"{count} files parsed")


def main(argv):
    if len(argv) >= 2 and argv[1] == "versions":
        if not yaml.__with_libyaml__:
            sys.exit("PyYAML was built without libyaml: its C loader is missing")
        print(f"pygit2 {pygit2.__version__} (libgit2 {pygit2.LIBGIT2_VERSION}), PyYAML {yaml.__version__} (C loader), "
              f"Python {sys.version.split()[0]}")
    elif len(argv) == 5 and argv[1] == "replay":
        replay(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "scan":
        scan(argv[2], argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
