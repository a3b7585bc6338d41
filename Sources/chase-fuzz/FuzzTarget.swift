import ChaseCore

/// What one fuzz input must never break: the fast reader of flat front matter reads exactly what the
/// full reader reads, or declines; the front matter parser and the queue file parser take any
/// bytes without crashing, and when a file parses, each edit the bot makes either fails cleanly or
/// changes only the edited key's lines, reads back as written and is idempotent.
enum FuzzTarget {
    /// The keys the bot writes, and one it never does (to edit a key a person wrote).
    static let keys = ["status", "assignee", "created", "escalated_at", "revision", "title"]

    /// The first broken promise for this input, or nil.
    static func problem(_ bytes: [UInt8]) -> String? {
        if let why = flatReaderProblem(bytes) { return why }
        _ = QueueFileParser.parse(path: "queue/CONTENT-1.md", kind: .file, bytes: bytes)
        _ = QueueFileParser.parse(path: "reviews/CONTENT-1.cultural.md", kind: .file, bytes: bytes)
        guard let parsed = try? FrontMatter.parse(bytes) else { return nil }

        // Values from the input's tail, so the fuzzer steers them too; plus the bot's usual ones.
        let tail = String(decoding: bytes.suffix(24), as: UTF8.self)
        let values = ["in_review", "3", "2026-01-09T10:00:00Z", tail]
        var edits: [FrontMatterEdit] = []
        for (i, key) in (keys + parsed.fields.prefix(2).map(\.key.text)).enumerated() {
            edits.append(.set(key, values[(i + bytes.count) % values.count]))
            edits.append(.remove(key))
        }
        var current = bytes
        for edit in edits {
            guard let edited = try? FrontMatterEditor.apply([edit], to: current) else { continue }
            if let why = check(edit, before: current, after: edited) {
                return "\(why): \(edit) on \(String(decoding: current, as: UTF8.self).debugDescription)"
            }
            current = edited
        }
        return nil
    }

    /// The fast reader of flat front matter either declines or reads exactly what the full reader reads.
    static func flatReaderProblem(_ yaml: [UInt8]) -> String? {
        guard let flat = FlatYAMLReader.read(yaml) else { return nil }
        do {
            let full = try YAMLReader.read(yaml)
            return full == flat ? nil : "the flat reader differs from the full one on \(String(decoding: yaml, as: UTF8.self).debugDescription)"
        } catch {
            return "the flat reader reads what the full one refuses (\(error)): \(String(decoding: yaml, as: UTF8.self).debugDescription)"
        }
    }

    /// The checks of one successful edit, none of them taken from the editor's own.
    static func check(_ edit: FrontMatterEdit, before: [UInt8], after: [UInt8]) -> String? {
        guard let reread = try? FrontMatter.parse(after) else { return "the edited file does not parse" }
        switch edit {
        case .set(let key, let value):
            if reread[key]?.scalarText != value { return "the key does not read back as written" }
        case .remove(let key):
            if reread[key] != nil { return "the removed key is still there" }
        }
        if (try? FrontMatterEditor.apply([edit], to: after)) != after { return "the edit is not idempotent" }
        return OwnedBytes.violation(original: before, edited: after, owned: [edit.key])
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // A broken promise traps, which is what libFuzzer reports and keeps as a crash.
    if let problem = FuzzTarget.problem(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []) {
        fatalError(problem)
    }
    return 0
}

#if CHASE_FUZZING
/// libFuzzer's driver, from the fuzzer runtime that `-sanitize=fuzzer` links. SwiftPM gives every
/// executable its own `main`, so libFuzzer's is never linked and ours calls the driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func fuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
#endif

import Foundation

/// Built with `-DCHASE_FUZZING` (and `-sanitize=fuzzer`) it is a libFuzzer binary taking libFuzzer's
/// flags. Built plainly (`swift build`), it replays the files or folders given as arguments through
/// the same checks: the seed corpus, and every crash the fuzzer found.
@main
struct ChaseFuzz {
    static func main() throws {
        #if CHASE_FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(fuzzerDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
        #else
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
                FileHandle.standardError.write(Data("chase-fuzz: no such file or folder: \(argument)\n".utf8))
                exit(2)
            }
            let files = isFolder.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: argument).sorted().map { argument + "/" + $0 }
                : [argument]
            for file in files {
                if let problem = FuzzTarget.problem(Array(try Data(contentsOf: URL(fileURLWithPath: file)))) {
                    FileHandle.standardError.write(Data("chase-fuzz: \(file): \(problem)\n".utf8))
                    exit(1)
                }
                count += 1
            }
        }
        print("replayed \(count) input\(count == 1 ? "" : "s")")
        #endif
    }
}
