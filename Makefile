# The first two commands of the README: `make demo` and `make test`.
# Both install what they need on a fresh Debian/Ubuntu machine with the Swift toolchain.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DEBIAN_FRONTEND := noninteractive

.PHONY: deps build demo test mcp-client fuzz bench clean

deps:
	@if ! pkg-config --exists libgit2 2>/dev/null || ! command -v git >/dev/null; then \
		echo "installing libgit2-dev, pkg-config and git"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgit2-dev pkg-config git >/dev/null; \
	fi
	@if ! pkg-config --exists sqlite3 2>/dev/null; then \
		echo "installing libsqlite3-dev"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libsqlite3-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build

demo: build
	@bash Tests/Demo/demo.sh "$$($(SWIFT) build --show-bin-path)/chase"

# The MCP tests drive `chase mcp` with the official Python MCP SDK (pinned in Tests/MCP/requirements.txt),
# installed into a virtual environment under .build; the tests find it through CHASE_MCP_PYTHON.
MCP_VENV := .build/mcp-venv
test: deps mcp-client
	CHASE_MCP_PYTHON="$(CURDIR)/$(MCP_VENV)/bin/python" $(SWIFT) test

mcp-client:
	@if ! command -v python3 >/dev/null || ! python3 -c "import venv, ensurepip" 2>/dev/null; then \
		echo "installing python3 and python3-venv"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3 python3-venv >/dev/null; \
	fi
	@if ! "$(MCP_VENV)/bin/python" -c "import mcp" 2>/dev/null || ! cmp -s Tests/MCP/requirements.txt "$(MCP_VENV)/requirements.txt"; then \
		echo "installing the Python MCP SDK into $(MCP_VENV)"; \
		python3 -m venv "$(MCP_VENV)" && "$(MCP_VENV)/bin/pip" install -q -r Tests/MCP/requirements.txt \
		&& cp Tests/MCP/requirements.txt "$(MCP_VENV)/requirements.txt"; \
	fi

# libFuzzer over the front matter parser and editor, FUZZ_SECONDS long (CI: 60).
FUZZ_SECONDS ?= 60
fuzz:
	@bash Tests/Fuzz/fuzz.sh $(FUZZ_SECONDS)

# The benchmark of BENCHMARKS.md: generated repositories, chase against the git command line
# (and Python, with bench/requirements.txt installed). BENCH_ARGS=--quick for the short run.
# chase is built as it is installed (release, the Swift runtime linked in); `swift run` cannot
# link it in, so the benchmark is built, then run.
BENCH_ARGS ?=
bench: deps
	$(SWIFT) build -c release --static-swift-stdlib --product chase-bench
	"$$($(SWIFT) build -c release --show-bin-path)/chase-bench" $(BENCH_ARGS)

clean:
	rm -rf .build
