#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A few refs read straight from a repository's files, for the one question a quiet tick asks
/// before anything else (`QuietTick`): are the branch and the bot's refs still where they were?
/// Starting libgit2 costs more than the whole answer (libgit2 1.5 loads the system's TLS
/// certificates when it starts), so this reads the plain layout git and libgit2 write — a loose
/// ref file, else `packed-refs` — and nothing else. Anything it does not know for certain (a
/// linked work tree, a symbolic ref, another ref format, an unreadable file) is nil, and the tick
/// goes the whole way through libgit2, which is always right.
struct RefFiles {
    /// The git folder.
    let gitDir: String

    /// The git folder of the repository at exactly `path` (a work tree with a `.git` folder, or a
    /// bare repository, as `Repository.open(at:)` takes it); nil for anything else.
    init?(repositoryAt path: String) {
        let candidate: String
        if RefFiles.isDirectory(path + "/.git") {
            candidate = path + "/.git"
        } else if RefFiles.isRegularFile(path + "/HEAD"), RefFiles.isRegularFile(path + "/config"), RefFiles.isDirectory(path + "/refs") {
            candidate = path
        } else {
            return nil
        }
        // A linked work tree keeps its refs elsewhere (`commondir`): libgit2's business.
        guard access(candidate + "/commondir", F_OK) != 0 else { return nil }
        gitDir = candidate
    }

    /// The branch `HEAD` names, when it names one.
    func headBranch() -> String? {
        guard let text = RefFiles.contents(of: gitDir + "/HEAD", limit: 4096), text.hasPrefix("ref: refs/heads/"), text.hasSuffix("\n") else { return nil }
        let name = text.dropFirst("ref: refs/heads/".count).dropLast()
        return name.isEmpty || name.contains("\n") ? nil : String(name)
    }

    /// The commit id (hex) `name` points at, or nil when this cannot tell (absent included).
    func target(_ name: String) -> String? {
        guard name.hasPrefix("refs/"), !name.contains(".."), !name.contains("\n") else { return nil }
        if access(gitDir + "/" + name, F_OK) == 0 {
            // A loose ref wins over a packed one; git writes it whole (a lock file renamed over it).
            guard let text = RefFiles.contents(of: gitDir + "/" + name, limit: 4096), text.utf8.count == 41, text.hasSuffix("\n") else { return nil }
            let hex = String(text.dropLast())
            return RefFiles.isObjectID(hex) ? hex : nil
        }
        guard let packed = RefFiles.contents(of: gitDir + "/packed-refs", limit: 64 << 20) else { return nil }
        let suffix = " " + name
        for line in packed.split(separator: "\n", omittingEmptySubsequences: true) where line.hasSuffix(suffix) {
            let hex = String(line.dropLast(suffix.count))
            return RefFiles.isObjectID(hex) ? hex : nil
        }
        return nil
    }

    static func isObjectID(_ hex: String) -> Bool {
        hex.utf8.count == 40 && hex.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// A whole file as UTF-8 text, or nil when it is missing, larger than `limit` or not UTF-8.
    static func contents(of path: String, limit: Int) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            bytes += buffer[0..<n]
            if bytes.count > limit { return nil }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
