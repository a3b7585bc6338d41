/// The blueprint's task-queue schema, as `chase export` writes it and `chase import` reads it:
/// integer ids, `task_code` for the queue's ids, priority 0–3, and the tables the blueprint's SQL
/// queries name (tasks, reviews, task_dependencies, agents, calendar_items, events). The
/// `source_text` columns keep each file's exact text, so a round trip loses nothing.
enum QueueSchema {
    static let tables = ["tasks", "reviews", "task_dependencies", "agents", "calendar_items", "events", "chase_export"]

    static let sql = """
    CREATE TABLE agents (
        agent_number INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT,
        max_concurrent INTEGER NOT NULL,
        identities TEXT,
        schedules TEXT
    );
    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        task_code TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        task_type TEXT NOT NULL,
        content_type TEXT,
        priority INTEGER NOT NULL,
        review_tier INTEGER,
        status TEXT NOT NULL,
        assigned_agent INTEGER,
        created_at TEXT,
        output_file TEXT,
        scheduled_at TEXT,
        platform TEXT,
        revision INTEGER NOT NULL DEFAULT 1,
        escalated_at TEXT,
        review_escalated_at TEXT,
        platform_post_id TEXT,
        file_path TEXT,
        body TEXT,
        source_text TEXT
    );
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        review_code TEXT NOT NULL UNIQUE,
        task_id INTEGER NOT NULL REFERENCES tasks(id),
        review_type TEXT NOT NULL,
        reviewer_agent INTEGER NOT NULL,
        status TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        requested_at TEXT NOT NULL,
        due_at TEXT,
        escalated_at TEXT,
        file_path TEXT,
        notes TEXT,
        source_text TEXT
    );
    CREATE TABLE task_dependencies (
        task_id INTEGER NOT NULL REFERENCES tasks(id),
        depends_on_task_id INTEGER REFERENCES tasks(id),
        depends_on_code TEXT NOT NULL,
        position INTEGER NOT NULL,
        is_resolved INTEGER NOT NULL DEFAULT 0,
        resolved_at TEXT,
        PRIMARY KEY (task_id, depends_on_code)
    );
    CREATE TABLE calendar_items (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id),
        content_id TEXT NOT NULL,
        platform TEXT,
        scheduled_time TEXT NOT NULL,
        status TEXT NOT NULL,
        platform_post_id TEXT
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        event_type TEXT NOT NULL,
        subject TEXT NOT NULL,
        task_code TEXT,
        payload TEXT NOT NULL,
        source TEXT NOT NULL,
        commit_id TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE chase_export (key TEXT PRIMARY KEY, value TEXT);
    CREATE INDEX reviews_by_task ON reviews(task_id);
    CREATE INDEX events_by_type ON events(event_type, created_at);
    """
}
