#!/usr/bin/env python3
"""Draws bench/chart.png from a chase-bench run, and prints its figures as Markdown tables.

  python3 bench/chart.py bench/results.jsonl [bench/chart.png]

The input is chase-bench's standard output: one JSON line describing the run, then one per case.
Needs matplotlib for the chart (pip install matplotlib==3.11.2); the tables print without it.
"""
import json
import sys


def load(path):
    run, cases = None, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            d = json.loads(line)
            if "run" in d:
                run = d
            else:
                cases.append(d)
    return run, cases


def series(cases, name, key, shape="settled"):
    rows = sorted((c for c in cases if c["case"] == name and c.get("shape", "settled") == shape), key=lambda c: c[key])
    return rows


def fmt(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def tables(run, cases):
    out = []
    out.append("| case | shape | size | chase | peak | baseline | its peak | ratio | Python (git CLI) | its ratio to chase "
               "| Python (pygit2) | its ratio to chase | target |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    order = {"cold-scan": 0, "incremental": 1, "idle": 2, "commit-back": 3, "replay": 4}
    for c in sorted(cases, key=lambda c: (order.get(c["case"], 9), c.get("shape", "settled") != "settled",
                                          c.get("commits") or 0, c.get("tasks") or 0)):
        size = f"{c['commits']:,} commits" if c["case"] == "replay" else f"{c['tasks']:,} tasks"
        base = c.get("baseline_figures") or {}
        py = c.get("python")
        pg = c.get("python_git")
        met = c.get("met")
        out.append("| {} | {} | {} | {} | {:.0f} MB | {} | {} | {}x | {} | {} | {} | {} | {} |".format(
            c["case"], c.get("shape", "settled"), size, fmt(c["chase"]["seconds"]), c["chase"]["peak_mb"],
            fmt(base["seconds"]) if base else "", f"{base['peak_mb']:.0f} MB" if base else "",
            c.get("ratio", ""), fmt(pg["seconds"]) if pg else "",
            f"{c['python_git_slower_by']}x" if c.get("python_git_slower_by") else "",
            fmt(py["seconds"]) if py else "",
            f"{c['python_slower_by']}x" if c.get("python_slower_by") else "",
            "" if met is None else ("met" if met else "**not met**")))
    return "\n".join(out)


def chart(run, cases, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, grid = plt.subplots(2, 2, figsize=(12, 8.5))
    axes = grid.flatten()
    colours = {"chase": "#1f6feb", "backlog": "#0a3069", "git": "#6e7781", "python": "#d1242f", "python-git": "#bf8700"}

    def plot(ax, rows, key, title, xlabel, backlog=()):
        xs = [r[key] for r in rows]
        ax.plot(xs, [r["chase"]["seconds"] for r in rows], "o-", color=colours["chase"], label="chase tick (settled)")
        if backlog:
            ax.plot([r[key] for r in backlog], [r["chase"]["seconds"] for r in backlog], "o-.", color=colours["backlog"],
                    label="chase tick (backlog)")
        if rows and all(r.get("python_git") for r in rows):
            ax.plot(xs, [r["python_git"]["seconds"] for r in rows], "v:", color=colours["python-git"],
                    label="Python (git CLI + PyYAML C)")
        if all(r.get("baseline_figures") for r in rows) and rows and rows[0]["case"] != "incremental":
            ax.plot(xs, [r["baseline_figures"]["seconds"] for r in rows], "s--", color=colours["git"], label="git command line")
        if rows and all(r.get("python") for r in rows):
            ax.plot(xs, [r["python"]["seconds"] for r in rows], "^:", color=colours["python"], label="Python (pygit2 + PyYAML C)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(xs)
        ax.set_xticklabels([f"{x:,}" for x in xs])
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("seconds (median)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)

    def both(name, key):
        return series(cases, name, key), series(cases, name, key, "backlog")

    rows, backlog = both("cold-scan", "tasks")
    plot(axes[0], rows, "tasks", "Cold scan: the state of every task, no cache", "tasks in the queue", backlog)
    rows, backlog = both("replay", "commits")
    plot(axes[1], rows, "commits", "Replay: a tick over new commits", "new commits", backlog)
    incremental, backlog = both("incremental", "tasks")
    plot(axes[2], incremental, "tasks", "Incremental: one changed task, warm cache", "tasks in the queue", backlog)
    if incremental:
        axes[2].axhline(2 * incremental[0]["chase"]["seconds"], color="#6e7781", linestyle="--", linewidth=1,
                        label="target: 2x the smallest")
        axes[2].legend(fontsize=8)
    rows, backlog = both("commit-back", "tasks")
    plot(axes[3], rows, "tasks", "Commit-back: a tick that writes 100 files", "tasks in the queue", backlog)
    if run:
        fig.suptitle(f"chase-bench on {run['cores']} cores, {run['os']}, libgit2 {run['libgit2']}, {run['git']}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    run, cases = load(argv[1])
    print(tables(run, cases))
    if len(argv) > 2:
        chart(run, cases, argv[2])


if __name__ == "__main__":
    main(sys.argv)
