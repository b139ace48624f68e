-- Prices are TEXT: SQLite keeps decimals exact only as text.
CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    price TEXT NOT NULL,
    stock INTEGER NOT NULL,
    version INTEGER NOT NULL
);
INSERT INTO products (name, description, price, stock, version) VALUES
    ('Notebook', 'A5, dotted', '4.50', 100, 1),
    ('Pencil', 'HB, cedar', '0.80', 500, 1),
    ('Eraser', 'Soft, white', '1.20', 200, 1);
