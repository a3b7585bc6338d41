import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads tree objects as their raw bytes and walks them without building libgit2's parsed trees:
/// the diff of two trees in step, skipping equal subtrees by id, and the listing of a folder.
/// Recently read trees are kept (up to `budget` bytes), so a walk over many commits reads each
/// tree once; libgit2's own object cache does not keep trees over 4 KB.
///
/// One reader belongs to one thread, like its repository.
public final class TreeReader {
    let repo: Repository
    private let odb: OpaquePointer
    private var cache: [Oid: RawTree] = [:]
    private var order: [Oid] = []
    private var next = 0
    private var cachedBytes = 0
    /// How many bytes of trees are kept for reuse.
    public var budget: Int

    public init(_ repo: Repository, budget: Int = 64 << 20) throws {
        self.repo = repo
        self.budget = budget
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repo.pointer), "open object database")
        self.odb = odb!
    }

    deinit {
        git_odb_free(odb)
    }

    /// The tree `oid` as read from the object database (or the reader's cache).
    func tree(_ oid: Oid) throws -> RawTree {
        if let hit = cache[oid] { return hit }
        var raw = oid.raw
        var object: OpaquePointer?
        try check(git_odb_read(&object, odb, &raw), "read tree \(oid)")
        guard git_odb_object_type(object) == GIT_OBJECT_TREE else {
            git_odb_object_free(object)
            throw GitError(code: .invalidSpec, errorClass: .object,
                           message: "object is not a tree", operation: "read tree \(oid)")
        }
        let tree = RawTree(object: object!)
        cache[oid] = tree
        order.append(oid)
        cachedBytes += tree.count
        while cachedBytes > budget, next < order.count {
            if let evicted = cache.removeValue(forKey: order[next]) { cachedBytes -= evicted.count }
            next += 1
        }
        if next > 1024, next * 2 > order.count {
            order.removeFirst(next)
            next = 0
        }
        return tree
    }

    /// The id and (normalised) mode of whatever is at `path` in `tree`, or nil when absent.
    public func entry(at path: String, in tree: Oid) throws -> (oid: Oid, mode: UInt32)? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.isEmpty else { return (tree, GIT_FILEMODE_TREE.rawValue) }
        var current = (oid: tree, mode: GIT_FILEMODE_TREE.rawValue)
        for component in components {
            guard current.mode == GIT_FILEMODE_TREE.rawValue else { return nil }
            let raw = try self.tree(current.oid)
            var cursor = raw.cursor()
            var found: RawTree.Entry?
            let name = Array(component.utf8)
            while let e = try cursor.next() {
                if e.nameEquals(name) { found = e; break }
            }
            guard let found else { return nil }
            current = (found.oid, found.mode)
        }
        return current
    }

    /// `entry(at:in:)` for many paths at once: each folder on their way is listed once, so looking
    /// up the outputs of a large queue costs one pass over each folder, not one per path (a folder
    /// of 50,000 files read and searched 50,000 times). Absent paths are left out; when a name
    /// appears twice in a folder (a malformed tree), the first is the one, as for `entry(at:in:)`.
    public func entries(at paths: [String], in tree: Oid) throws -> [String: (oid: Oid, mode: UInt32)] {
        var folders: [String: [String: (oid: Oid, mode: UInt32)]] = [:]
        var out: [String: (oid: Oid, mode: UInt32)] = [:]
        for path in paths {
            var components = path.split(separator: "/", omittingEmptySubsequences: true)
            guard let name = components.popLast() else {
                out[path] = (tree, GIT_FILEMODE_TREE.rawValue)
                continue
            }
            let folder = components.joined(separator: "/")
            if folders[folder] == nil {
                var listing: [String: (oid: Oid, mode: UInt32)] = [:]
                if let at = try entry(at: folder, in: tree), at.mode == GIT_FILEMODE_TREE.rawValue {
                    var cursor = try self.tree(at.oid).cursor()
                    while let e = try cursor.next() {
                        let name = e.name
                        if listing[name] == nil { listing[name] = (e.oid, e.mode) }
                    }
                }
                folders[folder] = listing
            }
            if let found = folders[folder]?[String(name)] { out[path] = found }
        }
        return out
    }

    /// Every file, link and submodule below the folder `prefix` of `tree` (recursively, with full
    /// paths, in git's order), as `Repository.treeEntries` lists them; an absent folder is empty.
    public func entries(of tree: Oid, under prefix: String) throws -> [TreeEntry] {
        let folder = Repository.folderPath(prefix)
        guard let root = try entry(at: folder, in: tree), root.mode == GIT_FILEMODE_TREE.rawValue else { return [] }
        var out: [TreeEntry] = []
        try list(try self.tree(root.oid), base: folder.isEmpty ? "" : folder + "/") { path, entry in
            out.append(TreeEntry(path: path, oid: entry.oid, mode: entry.mode))
        }
        return out
    }

    private func list(_ tree: RawTree, base: String, _ body: (String, RawTree.Entry) throws -> Void) throws {
        var cursor = tree.cursor()
        while let e = try cursor.next() {
            let path = base + e.name
            if e.isTree {
                try list(try self.tree(e.oid), base: path + "/", body)
            } else {
                try body(path, e)
            }
        }
    }

    /// The changes from `oldTree` to `newTree` (nil: the empty tree) below the folders in
    /// `prefixes`, without rename detection: what `Repository.treeDiff(findRenames: false)` answers,
    /// ordered by path. Subtrees with equal ids are never read.
    public func changes(from oldTree: Oid?, to newTree: Oid?, under prefixes: [String]) throws -> [DiffEntry] {
        var out: [DiffEntry] = []
        // Folder → whether a file of that name counts too: "queue/" is the folder only, "queue"
        // (no slash) also a file named queue, as libgit2's literal paths match them.
        var folders: [String: Bool] = [:]
        for prefix in prefixes {
            let folder = Repository.folderPath(prefix)
            folders[folder] = (folders[folder] ?? false) || (!folder.isEmpty && !prefix.hasSuffix("/"))
        }
        for (folder, fileToo) in folders.sorted(by: { $0.key < $1.key }) {
            let old = try oldTree.flatMap { try entry(at: folder, in: $0) }
            let new = try newTree.flatMap { try entry(at: folder, in: $0) }
            if old?.oid == new?.oid && old?.mode == new?.mode { continue }
            let isFolder = { (e: (oid: Oid, mode: UInt32)?) in e?.mode == GIT_FILEMODE_TREE.rawValue }
            let oldFolder = isFolder(old) ? old?.oid : nil, newFolder = isFolder(new) ? new?.oid : nil
            if fileToo {
                let oldFile = isFolder(old) ? nil : old, newFile = isFolder(new) ? nil : new
                switch (oldFile, newFile) {
                case let (o?, n?):
                    out.append(DiffEntry(status: o.mode & 0o170000 == n.mode & 0o170000 ? .modified : .typeChanged, oldPath: folder,
                                         newPath: folder, oldOid: o.oid, newOid: n.oid, newMode: n.mode, oldMode: o.mode))
                case let (o?, nil):
                    out.append(DiffEntry(status: .deleted, oldPath: folder, newPath: nil, oldOid: o.oid, newOid: nil, newMode: nil, oldMode: o.mode))
                case let (nil, n?):
                    out.append(DiffEntry(status: .added, oldPath: nil, newPath: folder, oldOid: nil, newOid: n.oid, newMode: n.mode, oldMode: nil))
                case (nil, nil):
                    break
                }
            }
            // Otherwise only a folder counts: a file where the folder belongs is outside the prefix.
            if oldFolder == nil && newFolder == nil { continue }
            let base = folder.isEmpty ? "" : folder + "/"
            for entry in try folderChanges(oldFolder, newFolder) {
                out.append(base.isEmpty ? entry : DiffEntry(
                    status: entry.status, oldPath: entry.oldPath.map { base + $0 }, newPath: entry.newPath.map { base + $0 },
                    oldOid: entry.oldOid, newOid: entry.newOid, newMode: entry.newMode, oldMode: entry.oldMode))
            }
        }
        out.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        if folders.count > 1 {
            // Nested prefixes ("queue/" and "queue/a/") report the same paths twice.
            var seen = Set<String>()
            out = out.filter { seen.insert($0.path).inserted }
        }
        return out
    }

    /// `changes`, with renames found the way libgit2 finds them when the changes hold a possible
    /// pair (a deletion or type change, and an addition or type change): then libgit2's own diff
    /// runs over exactly the changed paths. Most commits have no such pair and never reach it.
    public func diff(from oldTree: Oid?, to newTree: Oid?, under prefixes: [String], findRenames: Bool) throws -> [DiffEntry] {
        let found = try changes(from: oldTree, to: newTree, under: prefixes)
        guard findRenames else { return found }
        let sources = found.indices.filter { found[$0].status == .deleted || found[$0].status == .typeChanged }
        let targets = found.indices.filter { found[$0].status == .added || found[$0].status == .typeChanged }
        let pairable = !sources.isEmpty && !targets.isEmpty && !(sources.count == 1 && targets.count == 1 && sources == targets)
        guard pairable else { return found }
        var paths = Set<String>()
        for entry in found {
            if let p = entry.oldPath { paths.insert(p) }
            if let p = entry.newPath { paths.insert(p) }
        }
        return try repo.libgit2Diff(from: oldTree, to: newTree, paths: paths.sorted(), findRenames: true)
    }

    private struct FolderPair: Hashable {
        let old: Oid?
        let new: Oid?
    }

    /// The last folder pairs walked, with paths relative to the folders: a tick diffs a commit's
    /// queue/ and then brings its saved state to the same trees, and walks them once.
    private var walked: [FolderPair: [DiffEntry]] = [:]

    private func folderChanges(_ old: Oid?, _ new: Oid?) throws -> [DiffEntry] {
        let pair = FolderPair(old: old, new: new)
        if let hit = walked[pair] { return hit }
        var out: [DiffEntry] = []
        try walk(old.map(tree), new.map(tree), base: "", into: &out)
        if walked.count > 64 { walked.removeAll() }
        walked[pair] = out
        return out
    }

    private func walk(_ old: RawTree?, _ new: RawTree?, base: String, into out: inout [DiffEntry]) throws {
        var a = old?.cursor()
        var b = new?.cursor()
        var x = try a?.next()
        var y = try b?.next()
        while x != nil || y != nil {
            let order: Int32
            if let x, let y { order = RawTree.Entry.compare(x, y) } else { order = x == nil ? 1 : -1 }
            if order == 0, let ex = x, let ey = y {
                if ex.mode != ey.mode || !ex.sameOid(ey) {
                    let path = base + ex.name
                    if ex.isTree {
                        try walk(try tree(ex.oid), try tree(ey.oid), base: path + "/", into: &out)
                    } else {
                        let status: DiffStatus = ex.mode & 0o170000 == ey.mode & 0o170000 ? .modified : .typeChanged
                        out.append(DiffEntry(status: status, oldPath: path, newPath: path, oldOid: ex.oid, newOid: ey.oid,
                                             newMode: ey.mode, oldMode: ex.mode))
                    }
                }
                x = try a?.next()
                y = try b?.next()
            } else if order < 0, let ex = x {
                try report(ex, base: base, added: false, into: &out)
                x = try a?.next()
            } else if let ey = y {
                try report(ey, base: base, added: true, into: &out)
                y = try b?.next()
            }
        }
    }

    /// One side only: the entry, or every file below it when it is a folder.
    private func report(_ e: RawTree.Entry, base: String, added: Bool, into out: inout [DiffEntry]) throws {
        let path = base + e.name
        func one(_ path: String, _ e: RawTree.Entry) {
            out.append(added
                ? DiffEntry(status: .added, oldPath: nil, newPath: path, oldOid: nil, newOid: e.oid, newMode: e.mode, oldMode: nil)
                : DiffEntry(status: .deleted, oldPath: path, newPath: nil, oldOid: e.oid, newOid: nil, newMode: nil, oldMode: e.mode))
        }
        if e.isTree {
            try list(try tree(e.oid), base: path + "/") { one($0, $1) }
        } else {
            one(path, e)
        }
    }
}

/// One tree object's bytes, kept alive with the libgit2 object that owns them: entries of
/// `<octal mode> <name>\0<20-byte id>`, in git's order.
final class RawTree {
    private let object: OpaquePointer
    let bytes: UnsafePointer<UInt8>
    let count: Int

    init(object: OpaquePointer) {
        self.object = object
        count = git_odb_object_size(object)
        bytes = git_odb_object_data(object)!.assumingMemoryBound(to: UInt8.self)
    }

    deinit {
        git_odb_object_free(object)
    }

    func cursor() -> Cursor { Cursor(tree: self) }

    /// One entry, pointing into the tree's bytes (valid while the tree is).
    struct Entry {
        /// Normalised the way libgit2 reports modes (100664 reads as 100644, and so on).
        let mode: UInt32
        let nameStart: UnsafePointer<UInt8>
        let nameLength: Int
        let oidStart: UnsafePointer<UInt8>

        var isTree: Bool { mode == GIT_FILEMODE_TREE.rawValue }
        var name: String { String(decoding: UnsafeBufferPointer(start: nameStart, count: nameLength), as: UTF8.self) }
        var oid: Oid { Oid(rawBytes: oidStart) }

        func sameOid(_ other: Entry) -> Bool { memcmp(oidStart, other.oidStart, 20) == 0 }

        func nameEquals(_ bytes: [UInt8]) -> Bool {
            bytes.count == nameLength && bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, nameStart, nameLength) == 0 }
        }

        /// git's order of tree entries: by name, a folder's name as if it ended in '/'.
        static func compare(_ a: Entry, _ b: Entry) -> Int32 {
            let common = min(a.nameLength, b.nameLength)
            let c = memcmp(a.nameStart, b.nameStart, common)
            if c != 0 { return c }
            let ca: UInt8 = a.nameLength > common ? a.nameStart[common] : (a.isTree ? 0x2F : 0)
            let cb: UInt8 = b.nameLength > common ? b.nameStart[common] : (b.isTree ? 0x2F : 0)
            return ca < cb ? -1 : (ca > cb ? 1 : 0)
        }

        /// libgit2's normalisation of tree entry modes.
        static func normalize(_ mode: UInt32) -> UInt32 {
            if mode & 0o170000 == GIT_FILEMODE_TREE.rawValue { return GIT_FILEMODE_TREE.rawValue }
            if mode & 0o111 != 0 { return GIT_FILEMODE_BLOB_EXECUTABLE.rawValue }
            if mode & 0o170000 == GIT_FILEMODE_COMMIT.rawValue { return GIT_FILEMODE_COMMIT.rawValue }
            if mode & 0o170000 == GIT_FILEMODE_LINK.rawValue { return GIT_FILEMODE_LINK.rawValue }
            return GIT_FILEMODE_BLOB.rawValue
        }
    }

    struct Cursor {
        let tree: RawTree
        var offset = 0

        /// The next entry, nil at the end; a malformed tree is an error, never a short listing.
        mutating func next() throws -> Entry? {
            let n = tree.count, p = tree.bytes
            guard offset < n else { return nil }
            var i = offset
            var mode: UInt32 = 0
            while i < n, p[i] != 0x20 {
                let d = p[i] &- 0x30
                guard d < 8, mode < 0o1000000 else { throw RawTree.corrupt }
                mode = mode << 3 | UInt32(d)
                i += 1
            }
            guard i > offset, i < n else { throw RawTree.corrupt }
            let nameStart = i + 1
            var nameEnd = nameStart
            while nameEnd < n, p[nameEnd] != 0 { nameEnd += 1 }
            guard nameEnd > nameStart, nameEnd + 21 <= n else { throw RawTree.corrupt }
            offset = nameEnd + 21
            return Entry(mode: Entry.normalize(mode), nameStart: p + nameStart, nameLength: nameEnd - nameStart,
                         oidStart: p + nameEnd + 1)
        }
    }

    static let corrupt = GitError(code: .generic, errorClass: .object,
                                  message: "malformed tree object", operation: "read tree")
}
