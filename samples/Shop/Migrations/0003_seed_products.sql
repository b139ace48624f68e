-- The catalog a new shop opens with; a migration runs once, so products an admin deletes stay deleted.
INSERT INTO products (name, description, price, stock, version) VALUES
    ('Espresso cup', 'A thick-walled porcelain cup that keeps a double shot hot.', '8.50', 40, 1),
    ('Pour-over kettle', 'A gooseneck kettle for a slow, even pour.', '39.00', 15, 1),
    ('Hand grinder', 'Conical steel burrs, 40 settings from espresso to cold brew.', '64.90', 12, 1),
    ('Paper filters (100)', 'Unbleached cone filters, size 02.', '4.25', 200, 1),
    ('Coffee beans, Ethiopia', '250 g of washed Yirgacheffe, roasted light.', '12.80', 60, 1),
    ('Coffee beans, Brazil', '250 g of natural Cerrado, roasted medium.', '10.40', 60, 1),
    ('Milk jug', 'A 350 ml stainless jug with a sharp spout for latte art.', '17.00', 25, 1),
    ('Digital scale', 'Weighs to 0.1 g and times the brew.', '29.99', 20, 1),
    ('Tea strainer', 'A fine mesh strainer that sits on any mug.', '6.10', 35, 1),
    ('Thermos flask', 'Keeps 500 ml hot for twelve hours.', '24.50', 18, 1),
    ('Stovetop moka pot', 'The classic aluminium pot for three cups.', '32.00', 10, 1),
    ('Barista apron', 'Heavy cotton with a leather strap; one size.', '45.00', 5, 1);
