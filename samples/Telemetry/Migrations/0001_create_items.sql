-- The items that GET /items/{id} reads, so every such request has a database span under its server span.
CREATE TABLE items (
    id      BIGINT PRIMARY KEY,
    name    TEXT   NOT NULL,
    version BIGINT NOT NULL
);

INSERT INTO items (id, name, version) VALUES (1, 'hammer', 1), (2, 'saw', 1), (3, 'drill', 1);
