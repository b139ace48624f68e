-- An article's tags, sorted and joined by U+001F, on the article itself: tags never change after creation, so a list or an
-- article reads them with the row instead of aggregating article_tags per row. article_tags stays for ?tag= and GET /api/tags.
ALTER TABLE articles ADD COLUMN tag_list TEXT NULL;
UPDATE articles a SET tag_list = (SELECT string_agg(t.tag, chr(31) ORDER BY t.tag COLLATE "C") FROM article_tags t WHERE t.article_id = a.id);
