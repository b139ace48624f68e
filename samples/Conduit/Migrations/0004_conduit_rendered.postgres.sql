-- What a list shows of an article and of its author, kept as rendered JSON beside the row (the SQLite script says why);
-- favorites_count is kept by a trigger in the favourite's own statement.
ALTER TABLE articles ADD COLUMN head_json TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN favorites_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN profile_json TEXT NOT NULL DEFAULT '';
UPDATE articles a SET favorites_count = (SELECT COUNT(*) FROM favorites f WHERE f.article_id = a.id),
    head_json = '{"slug":' || to_json(a.slug)::text || ',"title":' || to_json(a.title)::text || ',"description":' || to_json(a.description)::text
        || ',"tagList":' || to_json(coalesce(string_to_array(a.tag_list, chr(31)), '{}'::text[]))::text
        || ',"createdAt":"' || to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        || '","updatedAt":"' || to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"';
UPDATE users SET profile_json = '{"username":' || to_json(username)::text || ',"bio":' || coalesce(to_json(bio)::text, 'null')
    || ',"image":' || coalesce(to_json(image)::text, 'null');
CREATE FUNCTION conduit_favorites_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE articles SET favorites_count = favorites_count + 1 WHERE id = NEW.article_id;
    ELSE
        UPDATE articles SET favorites_count = favorites_count - 1 WHERE id = OLD.article_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER favorites_count AFTER INSERT OR DELETE ON favorites FOR EACH ROW EXECUTE FUNCTION conduit_favorites_count();
