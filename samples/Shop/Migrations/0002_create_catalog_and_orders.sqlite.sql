-- Prices are TEXT so SQLite keeps decimals exact (a DECIMAL column would round them through REAL).
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, price TEXT NOT NULL,
    stock INTEGER NOT NULL CHECK (stock >= 0), version INTEGER NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, total TEXT NOT NULL, created_at TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX orders_user ON orders (user_id, id);
CREATE TABLE order_lines (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders (id), product_id INTEGER NOT NULL,
    name TEXT NOT NULL, price TEXT NOT NULL, quantity INTEGER NOT NULL, version INTEGER NOT NULL);
CREATE INDEX order_lines_order ON order_lines (order_id);
