// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "chase",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "chase", targets: ["ChaseCLI"]),
        .executable(name: "chase-mcp", targets: ["chase-mcp"]),
        .library(name: "ChaseCore", targets: ["ChaseCore"]),
        .library(name: "GitKit", targets: ["GitKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The Model Context Protocol server of `chase mcp` (in chase-mcp only: it links FoundationNetworking).
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
    ],
    targets: [
        // The system libgit2, nothing else.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // The system SQLite, for `chase export/import --sqlite` (a system library builds in seconds).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // The system's libcurl for webhooks, loaded by the first one (dlopen), not at every start.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // A small safe Swift layer over libgit2: one file per git concept.
        .target(name: "GitKit", dependencies: ["CLibGit2"]),
        // No I/O: model, front matter, events, rules, the plan of a tick.
        .target(name: "ChaseCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        // The engine: git → events + state → rules → plan → git.
        .target(name: "Chase", dependencies: ["ChaseCore", "GitKit", "CSQLite", "CCurl"]),
        // The agent desk as an MCP server: the only module that imports the MCP SDK, whose network
        // transports link FoundationNetworking (libcurl, OpenSSL, GnuTLS, LDAP...), so that only
        // chase-mcp loads them at start, not every `chase` command.
        .target(name: "ChaseMCP", dependencies: ["Chase", "ChaseCore", .product(name: "MCP", package: "swift-sdk")]),
        // What the command-line programs share: option types (agent numbers, times) and option groups.
        .target(name: "ChaseArguments", dependencies: ["ChaseCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // The executable: argument parsing and printing only.
        .executableTarget(
            name: "ChaseCLI",
            dependencies: ["Chase", "ChaseArguments", "ChaseCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // `chase mcp`'s server: `chase mcp` runs it (exec) from beside the `chase` executable.
        .executableTarget(
            name: "chase-mcp",
            dependencies: ["ChaseMCP", "Chase", "ChaseArguments", "ChaseCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // A libFuzzer target over the front matter parser and editor. A plain build replays files
        // through it; .ci/run builds it with -sanitize=fuzzer and -DCHASE_FUZZING.
        .executableTarget(name: "chase-fuzz", dependencies: ["ChaseCore"]),
        // A seeded random generator: the same generated data on every run, for the benchmark and the tests.
        .target(name: "SeededRandom"),
        // Starts each program chase-bench measures from a process of 1 MB, so its peak memory is its own.
        .executableTarget(name: "chase-bench-spawn"),
        // The benchmark: generates workflow repositories and times `chase` against the git command
        // line (and Python, when installed) in the same run. Depends on ChaseCLI so `chase` is built.
        .executableTarget(
            name: "chase-bench",
            dependencies: ["Chase", "ChaseCore", "GitKit", "ChaseCLI", "chase-bench-spawn", "SeededRandom", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "ChaseCoreTests", dependencies: ["ChaseCore", "SeededRandom"]),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit", "SeededRandom"]),
        .testTarget(name: "ChaseTests", dependencies: ["Chase", "ChaseCore", "GitKit", "ChaseCLI", "ChaseMCP", "chase-mcp", "chase-fuzz", "SeededRandom", .product(name: "MCP", package: "swift-sdk")]),
    ]
)
