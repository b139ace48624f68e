-- AUTOINCREMENT: ids are never reused, so the id order stays the posting order after deletes.
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id TEXT NOT NULL,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL
);
