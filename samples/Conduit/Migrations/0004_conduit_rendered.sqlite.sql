-- What a list shows of an article and of its author, kept as rendered JSON beside the row so a list concatenates stored text
-- instead of quoting every value on every read. head_json is the article's members up to updatedAt (an object left open:
-- the list appends the viewer's favorited, the count and the author); profile_json is the author's username, bio and image
-- (open too: following is the viewer's). The app writes both with the row; favorites_count is kept by the triggers below,
-- in the same statement as the favourite's insert or delete (a cascade from a deleted user included).
ALTER TABLE articles ADD COLUMN head_json TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN favorites_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN profile_json TEXT NOT NULL DEFAULT '';
UPDATE articles SET favorites_count = (SELECT COUNT(*) FROM favorites f WHERE f.article_id = articles.id),
    head_json = '{"slug":' || json_quote(slug) || ',"title":' || json_quote(title) || ',"description":' || json_quote(description)
        || ',"tagList":' || CASE WHEN tag_list IS NULL THEN '[]' ELSE '["' || replace(replace(replace(tag_list, '\', '\\'), '"', '\"'), char(31), '","') || '"]' END
        || ',"createdAt":"' || substr(created_at, 1, 10) || 'T' || substr(created_at, 12, 12) || 'Z"'
        || ',"updatedAt":"' || substr(updated_at, 1, 10) || 'T' || substr(updated_at, 12, 12) || 'Z"';
UPDATE users SET profile_json = '{"username":' || json_quote(username) || ',"bio":' || json_quote(bio) || ',"image":' || json_quote(image);
CREATE TRIGGER favorites_added AFTER INSERT ON favorites BEGIN
    UPDATE articles SET favorites_count = favorites_count + 1 WHERE id = NEW.article_id;
END;
CREATE TRIGGER favorites_removed AFTER DELETE ON favorites BEGIN
    UPDATE articles SET favorites_count = favorites_count - 1 WHERE id = OLD.article_id;
END;
