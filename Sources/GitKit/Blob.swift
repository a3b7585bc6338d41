import CLibGit2

extension Repository {
    /// The content of the blob `oid`.
    public func blob(_ oid: Oid) throws -> [UInt8] {
        var raw = oid.raw
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &raw), "look up blob \(oid)")
        defer { git_blob_free(blob) }
        return Repository.bytes(ofBlob: blob!)
    }

    /// The size in bytes of the blob `oid`, read from the object header so large
    /// blobs need not be loaded.
    public func blobSize(_ oid: Oid) throws -> Int {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "open object database")
        defer { git_odb_free(odb) }
        var raw = oid.raw
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(git_odb_read_header(&size, &type, odb, &raw), "read header of \(oid)")
        guard type == GIT_OBJECT_BLOB else {
            throw GitError(code: .invalidSpec, errorClass: .object,
                           message: "object is not a blob", operation: "read size of blob \(oid)")
        }
        return size
    }

    /// Stores `bytes` as a blob and returns its id (existing identical blobs are reused).
    public func writeBlob(_ bytes: [UInt8]) throws -> Oid {
        var out = git_oid()
        _ = try bytes.withUnsafeBytes { buffer in
            try check(git_blob_create_from_buffer(&out, pointer, buffer.baseAddress, buffer.count),
                      "write blob of \(buffer.count) bytes")
        }
        return Oid(out)
    }

    /// Copies a looked-up blob's content; the caller keeps ownership of `blob`.
    static func bytes(ofBlob blob: OpaquePointer) -> [UInt8] {
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }
}
