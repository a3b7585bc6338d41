import Foundation

/// Every answer of `chase mcp` stays small whatever the queue's size: lists come in pages, each
/// page at most `pageSize` items and `budget` characters of JSON, with `next_cursor` naming where
/// the next page starts (nil on the last). Another agent tool's 41,539-token listing was refused
/// by its client's 25,000-token cap; a page here stays far below both.
struct AnswerPaging {
    static let pageSize = 50
    /// Characters of item JSON on one page; the rest of an answer is a few hundred more.
    static let budget = 40_000
    /// No answer is longer than this.
    static let maxAnswer = 90_000

    struct Page<Item: Encodable>: Encodable {
        var items: [Item]
        var total: Int
        var next_cursor: String?
    }

    /// The page of `items` that starts at `cursor` (an offset, as a previous page gave it).
    static func page<Item: Encodable>(_ items: [Item], cursor: String?) throws -> Page<Item> {
        let start = try offset(cursor, count: items.count)
        var taken: [Item] = [], size = 0
        for item in items[start...] {
            let length = try AgentJSON.encode(item).utf8.count
            if taken.count == pageSize || (!taken.isEmpty && size + length > budget) { break }
            taken.append(item)
            size += length
        }
        let end = start + taken.count
        return Page(items: taken, total: items.count, next_cursor: end < items.count ? String(end) : nil)
    }

    static func offset(_ cursor: String?, count: Int) throws -> Int {
        guard let cursor, !cursor.isEmpty else { return 0 }
        guard let n = Int(cursor), n >= 0, n <= count else {
            throw AgentRefusal("cursor '\(cursor)' is not one this list gave (use next_cursor from the previous page)")
        }
        return n
    }

    /// `text` cut to at most `limit` characters, and whether it was cut.
    static func clip(_ text: String, _ limit: Int) -> (String, Bool) {
        text.count <= limit ? (text, false) : (String(text.prefix(limit)), true)
    }
}
