import CSQLite
import ChaseCore
import Foundation

/// One SQLite connection: open, run statements, read rows. Owns its handle and closes it once.
final class SQLiteDatabase {
    private var handle: OpaquePointer?

    init(path: String, create: Bool) throws {
        let flags = create ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw ChaseError.sqlite("\(path): \(message)")
        }
    }

    deinit { sqlite3_close(handle) }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw ChaseError.sqlite(message)
        }
    }

    /// Runs `sql` once per row of values; nil binds NULL.
    func insert(_ sql: String, rows: [[SQLiteValue]]) throws {
        let statement = try prepare(sql)
        for row in rows {
            try statement.bind(row)
            guard try statement.step() == false else { throw ChaseError.sqlite("insert returned rows") }
            statement.reset()
        }
    }

    /// Every row of a query, each as a column name → value map.
    func rows(_ sql: String) throws -> [[String: SQLiteValue]] {
        let statement = try prepare(sql)
        var out: [[String: SQLiteValue]] = []
        while try statement.step() { out.append(statement.row()) }
        return out
    }

    func tableExists(_ name: String) throws -> Bool {
        let statement = try prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        try statement.bind([.text(name)])
        return try statement.step()
    }

    private func prepare(_ sql: String) throws -> Statement {
        var raw: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &raw, nil) == SQLITE_OK, let raw else {
            throw ChaseError.sqlite(lastError)
        }
        return Statement(raw, db: self)
    }

    fileprivate var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// A prepared statement; finalized exactly once.
    fileprivate final class Statement {
        let raw: OpaquePointer
        let db: SQLiteDatabase
        init(_ raw: OpaquePointer, db: SQLiteDatabase) { self.raw = raw; self.db = db }
        deinit { sqlite3_finalize(raw) }

        func bind(_ values: [SQLiteValue]) throws {
            // SQLite copies the text (SQLITE_TRANSIENT), so the Swift string may go away.
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            for (i, value) in values.enumerated() {
                let index = Int32(i + 1)
                let code: Int32
                switch value {
                case .null: code = sqlite3_bind_null(raw, index)
                case .integer(let n): code = sqlite3_bind_int64(raw, index, Int64(n))
                case .text(let s): code = sqlite3_bind_text(raw, index, s, -1, transient)
                }
                guard code == SQLITE_OK else { throw ChaseError.sqlite(db.lastError) }
            }
        }

        /// True when a row is ready, false when done.
        func step() throws -> Bool {
            switch sqlite3_step(raw) {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw ChaseError.sqlite(db.lastError)
            }
        }

        func reset() {
            sqlite3_reset(raw)
            sqlite3_clear_bindings(raw)
        }

        func row() -> [String: SQLiteValue] {
            var out: [String: SQLiteValue] = [:]
            for i in 0..<sqlite3_column_count(raw) {
                let name = String(cString: sqlite3_column_name(raw, i))
                switch sqlite3_column_type(raw, i) {
                case SQLITE_NULL: out[name] = .null
                case SQLITE_INTEGER: out[name] = .integer(Int(sqlite3_column_int64(raw, i)))
                default: out[name] = .text(sqlite3_column_text(raw, i).map { String(cString: $0) } ?? "")
                }
            }
            return out
        }
    }
}

/// A value in or out of SQLite, as the queue uses them.
enum SQLiteValue: Equatable {
    case null
    case integer(Int)
    case text(String)

    init(_ s: String?) { self = s.map(SQLiteValue.text) ?? .null }
    init(_ n: Int?) { self = n.map(SQLiteValue.integer) ?? .null }
    init(_ d: Date?) { self = d.map { .text(Timestamp.format($0)) } ?? .null }

    var text: String? {
        switch self {
        case .null: return nil
        case .integer(let n): return String(n)
        case .text(let s): return s
        }
    }

    var integer: Int? {
        switch self {
        case .null: return nil
        case .integer(let n): return n
        case .text(let s): return Int(s)
        }
    }
}
