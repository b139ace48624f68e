-- The users that GET /db/users/{id} serves: 10,000 rows so the benchmark reads a realistic table.
CREATE TABLE users (
    id      BIGINT PRIMARY KEY,
    name    TEXT   NOT NULL,
    version BIGINT NOT NULL
);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO users (id, name, version) SELECT i, 'user' || i, 1 FROM n;
