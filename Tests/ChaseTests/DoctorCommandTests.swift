import Chase
import Foundation
import XCTest

/// `chase doctor` through the binary, on repositories set up by `chase init` and otherwise.
final class DoctorCommandTests: XCTestCase {
    private func doctor(_ repo: TestRepo, _ path: String? = nil) throws -> ChaseBinary.Result {
        try ChaseBinary.run(["doctor", "--repo", path ?? repo.path])
    }

    private func setUp(_ extra: [String]) throws -> TestRepo {
        let repo = try TestRepo()
        let result = try ChaseBinary.run(["init", "--repo", repo.path] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        try repo.commit("Set up chase")
        return repo
    }

    func testAPinnedSetupWithOwnersHasNoProblem() throws {
        let repo = try setUp(["--chase", "octo-org/chase@0123456789abcdef0123456789abcdef01234567", "--chase-version", "v1.2.0", "--owner", "@lead"])
        let result = try doctor(repo)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        for line in ["ok      config: .chase/config.yml reads cleanly", "ok      workflows: tick.yml pins Chase v1.2.0 (0123456789ab)",
                     "ok      workflows: agents.yml pins Chase v1.2.0 (0123456789ab)", "ok      codeowners: covers /queue/, /reviews/, /.chase/, /.github/",
                     "ok      history: the whole history is here", "no problems"] {
            XCTAssertTrue(result.stdout.contains(line + "\n"), "\(line)\n\(result.stdout)")
        }
        XCTAssertTrue(result.stdout.contains("environment chase (deployment branches: the default branch only)"), result.stdout)
    }

    func testThePlaceholdersOfAPlainInitAreProblems() throws {
        let repo = try setUp([])
        let result = try doctor(repo)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("problem workflows: validate.yml still names the placeholder release"), result.stdout)
        XCTAssertTrue(result.stdout.contains("problem codeowners: CODEOWNERS still names @your-org/maintainers"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("4 problems\n"), result.stdout)
    }

    /// The setup before Chase was an action: a variable fork pull requests never get, no CODEOWNERS
    /// for the queue, and a shallow clone.
    func testAnOlderSetupAndAShallowCloneAreNamed() throws {
        let repo = try setUp(["--chase", "octo-org/chase@0123456789abcdef0123456789abcdef01234567", "--owner", "@lead"])
        try repo.write(".github/workflows/validate.yml", "on: pull_request\njobs:\n  v:\n    steps:\n      - uses: ./.github/actions/build-chase\n        with:\n          repository: ${{ vars.CHASE_REPOSITORY || github.repository }}\n")
        try repo.write(".github/CODEOWNERS", "/reviews/ @lead\n")
        try repo.commit("The old way")
        let shallow = repo.root.appendingPathComponent("shallow").path
        try repo.git(["clone", "-q", "--depth", "1", "file://" + repo.path, shallow], in: repo.root.path)

        let result = try doctor(repo, shallow)

        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("problem workflows: validate.yml reads a configuration variable, which pull requests from forks do not get"), result.stdout)
        XCTAssertTrue(result.stdout.contains("warning workflows: validate.yml does not call Chase's chase-validate.yml"), result.stdout)
        XCTAssertTrue(result.stdout.contains("problem codeowners: CODEOWNERS gives no owner to /queue/, /.chase/, /.github/"), result.stdout)
        XCTAssertTrue(result.stdout.contains("problem history: a shallow clone"), result.stdout)
    }
}
