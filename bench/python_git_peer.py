#!/usr/bin/env python3
"""The strongest Python peer of chase, for chase-bench to compare against.

What a careful user would write: the git command line does the reading (one `git ls-tree -r -z` or
one `git log --first-parent --raw -z`, then one `git cat-file --batch` for every blob), and PyYAML's
C loader (libyaml) parses the front matter. It does the reading and parsing chase does in the
benchmark's two reading cases, keeping each parsed file by path as chase keeps its state:

  python_git_peer.py replay GIT_DIR BASE HEAD   the first-parent commits after BASE up to HEAD,
                                                each diffed against its parent in queue/, reviews/
                                                and outputs/ (renames detected); every changed task
                                                and review file parsed (both sides, each blob once)
  python_git_peer.py scan GIT_DIR COMMIT        every task and review file of COMMIT parsed
  python_git_peer.py versions                   print the versions (fails without PyYAML's C loader)
"""
import os
import subprocess
import sys
import threading

import yaml

WATCHED = ("queue", "reviews", "outputs")
PARSED = (b"queue/", b"reviews/")
ZERO = b"0" * 40


def git(git_dir, *args, **kwargs):
    """A git command with no system or user configuration, as the benchmark's git baseline runs it."""
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
    return subprocess.Popen(["git", "--git-dir=" + git_dir, *args], env=env, **kwargs)


def front_matter(data):
    """The front matter of one file as a dict, or None when it has none or does not parse."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.startswith(b"---"):
        return None
    start = data.find(b"\n") + 1
    if start == 0 or data[3:start].strip():
        return None
    end = start
    while True:
        stop = data.find(b"\n", end)
        line = data[end:] if stop < 0 else data[end:stop]
        if line.rstrip() in (b"---", b"..."):
            break
        if stop < 0:
            return None
        end = stop + 1
    try:
        return yaml.load(data[start:end], Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None


def read_blobs(git_dir, oids):
    """Every blob of `oids` (hex, as bytes) through one `git cat-file --batch`: (oid, bytes) pairs."""
    process = git(git_dir, "cat-file", "--batch", stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 20)

    def feed():
        process.stdin.write(b"\n".join(oids) + b"\n" if oids else b"")
        process.stdin.close()

    writer = threading.Thread(target=feed)
    writer.start()
    out = process.stdout
    for _ in range(len(oids)):
        header = out.readline().split()
        if len(header) != 3:
            sys.exit(f"git cat-file: {b' '.join(header).decode()}")
        size = int(header[2])
        data = out.read(size)
        out.read(1)
        yield header[0], data
    writer.join()
    if process.wait() != 0:
        sys.exit("git cat-file failed")


def scan(git_dir, commit):
    listing = git(git_dir, "ls-tree", "-r", "-z", "--full-tree", commit, "--", "queue", "reviews",
                  stdout=subprocess.PIPE).communicate()[0]
    paths = {}
    for record in listing.split(b"\0"):
        # "<mode> blob <oid>\t<path>"
        meta, _, path = record.partition(b"\t")
        fields = meta.split(b" ")
        if len(fields) == 3 and fields[1] == b"blob":
            paths.setdefault(fields[2], []).append(path)
    state = {}
    for oid, data in read_blobs(git_dir, list(paths)):
        parsed = front_matter(data)
        for path in paths[oid]:
            state[path] = parsed
    print(f"{len(state)} files parsed")


def replay(git_dir, base, head):
    log = git(git_dir, "log", "--first-parent", "--raw", "-z", "--no-abbrev", "-M", "--format=%H",
              f"{base}..{head}", "--", *WATCHED, stdout=subprocess.PIPE).communicate()[0]
    tokens = log.split(b"\0")
    oids = []
    seen = set()
    commits = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        # A commit's id, then (after a newline) its first raw entry; the other entries are tokens of
        # their own: ":<old mode> <new mode> <old> <new> <status>", then one path, or two for R and C.
        colon = token.find(b":")
        if token[:colon if colon >= 0 else len(token)].strip():
            commits += 1
        if colon < 0:
            i += 1
            continue
        fields = token[colon + 1:].split(b" ")
        status = fields[4][:1]
        count = 2 if status in (b"R", b"C") else 1
        # A rename's source and target: the target's folder decides, as for every other entry.
        path = tokens[i + count]
        if path.startswith(PARSED):
            for oid in (fields[2], fields[3]):
                if oid != ZERO and oid not in seen:
                    seen.add(oid)
                    oids.append(oid)
        i += 1 + count
    parsed = {}
    for oid, data in read_blobs(git_dir, oids):
        parsed[oid] = front_matter(data)
    print(f"{commits} commits, {len(parsed)} files parsed")


def main(argv):
    if len(argv) >= 2 and argv[1] == "versions":
        if not yaml.__with_libyaml__:
            sys.exit("PyYAML was built without libyaml: its C loader is missing")
        version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
        print(f"PyYAML {yaml.__version__} (C loader), {version}, Python {sys.version.split()[0]}")
    elif len(argv) == 5 and argv[1] == "replay":
        replay(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "scan":
        scan(argv[2], argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
