-- Version 5, the log written by the database itself, and chained (docs/audit-log.md).
--
-- Statement-level triggers with transition tables on every record table note each statement's changes in
-- pohang.log_pending; a deferred constraint trigger turns a transaction's notes into ONE entry of pohang.log
-- as it commits, so a change made with psql is logged like one made by pohang, and a 100,000-row import is
-- one entry. What the database attests: the user (session_user), the time (its clock, at commit), the client
-- address (inet_client_addr, NULL over a local socket) and the changes. What the client declares, in
-- transaction-local settings: the command (pohang.command; else the client's application_name), the change an
-- undo reverts (pohang.undoes) and the id a retried request reuses (pohang.entry).
--
-- Each entry carries prev, the hash of the entry before it, and hash, its own (pohang.entry_hash below, the
-- same as pohang_cli/chain.py). Appends are serialized at commit by locking the chain's head row, so
-- concurrent writers make one linear chain. Editors may only read the log (grants.py).

ALTER TABLE pohang.log ADD COLUMN prev text;
ALTER TABLE pohang.log ADD COLUMN hash text;
-- An entry restored from a file written before pohang recorded users has none (`import --with-log`).
ALTER TABLE pohang.log ALTER COLUMN db_user DROP NOT NULL;

-- The head of the chain: the newest entry, and whether the log holds every change since the database was
-- created (a record no entry mentions was then put there behind the log's back).
CREATE TABLE pohang.log_head (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq integer NOT NULL DEFAULT 0,
    id text,
    hash text,
    from_start boolean NOT NULL DEFAULT false
);

-- One row per statement that changed records, until its transaction commits: never holds a committed row.
-- Unlogged: a crash loses only the rows of transactions that never committed.
CREATE UNLOGGED TABLE pohang.log_pending (
    txid bigint NOT NULL,
    ord bigserial,
    kind text NOT NULL,
    ids text[] NOT NULL,
    added integer NOT NULL,
    changed integer NOT NULL,
    removed integer NOT NULL,
    changes text NOT NULL
);
CREATE INDEX log_pending_txid ON pohang.log_pending (txid);
-- Read once, within seconds: compressing an import's 25 MB of changes would cost more than it saves.
ALTER TABLE pohang.log_pending ALTER COLUMN changes SET STORAGE EXTERNAL;
ALTER TABLE pohang.log_pending ALTER COLUMN ids SET STORAGE EXTERNAL;

-- The canonical encoding of one field: '-' for null, else its UTF-8 byte length, ':' and the text; then '\n'.
CREATE FUNCTION pohang.log_field(value text) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN value IS NULL THEN '\x2d0a'::bytea
        ELSE convert_to(octet_length(convert_to(value, 'UTF8'))::text || ':', 'UTF8') || convert_to(value, 'UTF8')
            || '\x0a'::bytea END
$$;

-- An entry's hash over the encoding pohang-log-1 (docs/audit-log.md): the SHA-256 of its changes as stored.
CREATE FUNCTION pohang.entry_hash(
    seq integer, id text, parent text, prev text, "time" text, db_user text, host text, command text,
    summary text, undoes integer, records integer, changes text
) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT encode(sha256(
        pohang.log_field('pohang-log-1') || pohang.log_field(seq::text) || pohang.log_field(id)
        || pohang.log_field(parent) || pohang.log_field(prev) || pohang.log_field("time")
        || pohang.log_field(db_user) || pohang.log_field(host) || pohang.log_field(command)
        || pohang.log_field(summary) || pohang.log_field(undoes::text) || pohang.log_field(records::text)
        || pohang.log_field(encode(sha256(convert_to(changes, 'UTF8')), 'hex'))
    ), 'hex')
$$;

-- A record of `kind` in the words of a summary: 'milestone', 'observation', ...
CREATE FUNCTION pohang.log_singular(kind text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT rtrim(kind, 's') $$;

-- The one-line summary of an entry, as audit.summarize writes it: 'added milestone 29',
-- 'added 3 observations, changed 1 target', 'undo #4: ...'.
CREATE FUNCTION pohang.log_summary(undoes integer, kinds text[], actions text[], counts bigint[], sole text)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT coalesce('undo #' || undoes || ': ', '') || CASE
        WHEN (SELECT sum(c) FROM unnest(counts) AS c) = 1 THEN
            (SELECT a || ' ' || pohang.log_singular(k) || ' ' || sole
             FROM unnest(kinds, actions, counts) AS t(k, a, c) WHERE c = 1)
        ELSE coalesce((
            SELECT string_agg(part, '; ' ORDER BY action_order) FROM (
                SELECT action_order, a || ' ' || string_agg(
                    c || ' ' || CASE WHEN c = 1 THEN pohang.log_singular(k) ELSE k END, ', ' ORDER BY kind_order
                ) AS part
                FROM unnest(kinds, actions, counts) AS t(k, a, c)
                JOIN (VALUES ('added', 1), ('changed', 2), ('removed', 3)) AS acts(act, action_order) ON act = a
                JOIN (VALUES ('sectors', 1), ('indicators', 2), ('targets', 3), ('observations', 4),
                             ('milestones', 5), ('assessments', 6)) AS ks(kname, kind_order) ON kname = k
                WHERE c > 0
                GROUP BY action_order, a
            ) AS parts
        ), 'no records changed')
    END
$$;

-- Whether this transaction restores a whole database with its log (`import --with-log`): only the schema's
-- owner may, and it could as well disable the triggers.
CREATE FUNCTION pohang.log_restoring() RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(current_setting('pohang.restoring', true), '') = 'on'
        AND pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'pohang'), 'MEMBER')
$$;

-- One change as the log stores it: {"kind":..,"id":..,"before":..,"after":..}, documents as row_to_json.
CREATE FUNCTION pohang.log_change(kind text, id json, before json, after json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT '{"kind":' || to_json(kind)::text || ',"id":' || id::text
        || ',"before":' || coalesce(before::text, 'null') || ',"after":' || coalesce(after::text, 'null') || '}'
$$;

CREATE FUNCTION pohang.log_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pohang SET extra_float_digits = 1
AS $$
BEGIN
    IF pohang.log_restoring() THEN RETURN NULL; END IF;
    INSERT INTO pohang.log_pending (txid, kind, ids, added, changed, removed, changes)
    SELECT txid_current(), TG_TABLE_NAME, array_agg(n.id::text), count(*), 0, 0,
        string_agg(pohang.log_change(TG_TABLE_NAME, to_json(n.id), NULL, row_to_json(n)), ',')
    FROM new_rows AS n
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION pohang.log_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pohang SET extra_float_digits = 1
AS $$
BEGIN
    IF pohang.log_restoring() THEN RETURN NULL; END IF;
    -- Joined by id: a row whose id changed is one record removed and another added; an unchanged row is no change.
    INSERT INTO pohang.log_pending (txid, kind, ids, added, changed, removed, changes)
    SELECT txid_current(), TG_TABLE_NAME, array_agg(coalesce(n.id::text, o.id::text)),
        count(*) FILTER (WHERE o.id IS NULL), count(*) FILTER (WHERE o.id IS NOT NULL AND n.id IS NOT NULL),
        count(*) FILTER (WHERE n.id IS NULL),
        string_agg(pohang.log_change(TG_TABLE_NAME, to_json(coalesce(n.id, o.id)), row_to_json(o), row_to_json(n)), ',')
    FROM old_rows AS o FULL JOIN new_rows AS n ON n.id = o.id
    WHERE o.id IS NULL OR n.id IS NULL OR row_to_json(o)::text <> row_to_json(n)::text
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION pohang.log_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pohang SET extra_float_digits = 1
AS $$
BEGIN
    IF pohang.log_restoring() THEN RETURN NULL; END IF;
    INSERT INTO pohang.log_pending (txid, kind, ids, added, changed, removed, changes)
    SELECT txid_current(), TG_TABLE_NAME, array_agg(o.id::text), 0, 0, count(*),
        string_agg(pohang.log_change(TG_TABLE_NAME, to_json(o.id), row_to_json(o), NULL), ',')
    FROM old_rows AS o
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

-- TRUNCATE has no transition table: the rows are read before they go.
CREATE FUNCTION pohang.log_truncated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pohang SET extra_float_digits = 1
AS $$
BEGIN
    IF pohang.log_restoring() THEN RETURN NULL; END IF;
    EXECUTE format(
        'INSERT INTO pohang.log_pending (txid, kind, ids, added, changed, removed, changes) '
        'SELECT txid_current(), %L, array_agg(o.id::text), 0, 0, count(*), '
        'string_agg(pohang.log_change(%L, to_json(o.id), row_to_json(o), NULL), '','') '
        'FROM %I.%I AS o HAVING count(*) > 0',
        TG_TABLE_NAME, TG_TABLE_NAME, TG_TABLE_SCHEMA, TG_TABLE_NAME);
    RETURN NULL;
END
$$;

-- At commit (or at `SET CONSTRAINTS pohang.log_entry IMMEDIATE`): the transaction's notes become one entry.
CREATE FUNCTION pohang.log_commit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pohang
AS $$
DECLARE
    tx bigint := txid_current();
    head pohang.log_head;
    merged boolean;
    body text;
    kinds text[];
    actions text[];
    counts bigint[];
    total bigint;
    sole text;
    undoes integer := nullif(current_setting('pohang.undoes', true), '')::integer;
    entry_seq integer;
    entry_id text := coalesce(nullif(current_setting('pohang.entry', true), ''),
                              replace(gen_random_uuid()::text, '-', ''));
    command text := coalesce(nullif(current_setting('pohang.command', true), ''),
                             nullif(current_setting('application_name'), ''), '');
    moment text;
    who text := session_user;
    client text := host(inet_client_addr());
    summary text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pohang.log_pending WHERE txid = tx) THEN
        RETURN NULL;  -- an earlier firing of this transaction made its entry
    END IF;
    -- One linear chain: whoever commits next waits here for the head the one before leaves.
    SELECT * INTO head FROM pohang.log_head FOR UPDATE;
    -- A record changed by two statements is one change, from its first before to its last after. Only a kind
    -- that two statements changed can hold one: an import's single statement is not searched.
    SELECT count(*) > count(DISTINCT kind) FROM pohang.log_pending WHERE txid = tx INTO merged;
    IF merged THEN
        SELECT EXISTS (
            SELECT 1 FROM (SELECT kind, unnest(ids) AS id FROM pohang.log_pending WHERE txid = tx) AS touched
            GROUP BY kind, id HAVING count(*) > 1
        ) INTO merged;
    END IF;
    IF NOT merged THEN
        SELECT string_agg(changes, ',' ORDER BY ord) INTO body FROM pohang.log_pending WHERE txid = tx;
        SELECT array_agg(k), array_agg(a), array_agg(c) INTO kinds, actions, counts FROM (
            SELECT kind AS k, 'added' AS a, sum(added) AS c FROM pohang.log_pending WHERE txid = tx GROUP BY kind
            UNION ALL
            SELECT kind, 'changed', sum(changed) FROM pohang.log_pending WHERE txid = tx GROUP BY kind
            UNION ALL
            SELECT kind, 'removed', sum(removed) FROM pohang.log_pending WHERE txid = tx GROUP BY kind
        ) AS tally;
        SELECT ids[1] INTO sole FROM pohang.log_pending WHERE txid = tx AND cardinality(ids) = 1 LIMIT 1;
    ELSE
        WITH each_change AS (
            SELECT p.kind, c.value ->> 'id' AS key, c.value -> 'id' AS id, c.value -> 'before' AS before,
                c.value -> 'after' AS after, p.ord, c.pos
            FROM pohang.log_pending AS p,
                json_array_elements(('[' || p.changes || ']')::json) WITH ORDINALITY AS c(value, pos)
            WHERE p.txid = tx
        ), first AS (
            SELECT DISTINCT ON (kind, key) kind, key, id, before, ord, pos FROM each_change
            ORDER BY kind, key, ord, pos
        ), last AS (
            SELECT DISTINCT ON (kind, key) kind, key, after FROM each_change ORDER BY kind, key, ord DESC, pos DESC
        ), merged AS (
            SELECT first.kind, first.key, first.id, first.before, last.after, first.ord, first.pos,
                CASE WHEN first.before::text = 'null' THEN 'added' WHEN last.after::text = 'null' THEN 'removed'
                    ELSE 'changed' END AS action
            FROM first JOIN last USING (kind, key)
            WHERE first.before::text IS DISTINCT FROM last.after::text
        ), tally AS (
            SELECT kind AS k, action AS a, count(*) AS c FROM merged GROUP BY kind, action
        )
        SELECT (SELECT string_agg(pohang.log_change(kind, id, before, after), ',' ORDER BY ord, pos) FROM merged),
            (SELECT array_agg(k ORDER BY k, a) FROM tally), (SELECT array_agg(a ORDER BY k, a) FROM tally),
            (SELECT array_agg(c ORDER BY k, a) FROM tally), (SELECT min(key) FROM merged)
        INTO body, kinds, actions, counts, sole;
    END IF;
    DELETE FROM pohang.log_pending WHERE txid = tx;
    SELECT coalesce(sum(c), 0) INTO total FROM unnest(counts) AS c;
    IF total = 0 THEN
        RETURN NULL;  -- every change was undone within the transaction
    END IF;
    entry_seq := greatest(head.seq, coalesce((SELECT max(seq) FROM pohang.log), 0)) + 1;
    moment := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
    summary := pohang.log_summary(undoes, kinds, actions, counts, sole);
    -- A json column's text may hold line breaks, which in JSON are only ever whitespace: as spaces, every entry
    -- fits on one line of a file's log (`export --with-log`).
    body := '[' || translate(body, E'\n\r', '  ') || ']';
    INSERT INTO pohang.log (seq, id, parent, prev, hash, time, db_user, host, command, summary, undoes, records, changes)
    VALUES (entry_seq, entry_id, head.id, head.hash,
            pohang.entry_hash(entry_seq, entry_id, head.id, head.hash, moment, who, client, command, summary, undoes,
                              total::integer, body),
            moment, who, client, command, summary, undoes, total, body::json);
    UPDATE pohang.log_head SET seq = entry_seq, id = entry_id,
        hash = (SELECT log.hash FROM pohang.log WHERE log.seq = entry_seq);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER log_entry AFTER INSERT ON pohang.log_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pohang.log_commit();

DO $$
DECLARE
    kind text;
BEGIN
    FOREACH kind IN ARRAY ARRAY['sectors', 'indicators', 'targets', 'observations', 'milestones', 'assessments'] LOOP
        EXECUTE format('CREATE TRIGGER log_inserted AFTER INSERT ON pohang.%I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION pohang.log_inserted()', kind);
        EXECUTE format('CREATE TRIGGER log_updated AFTER UPDATE ON pohang.%I REFERENCING OLD TABLE AS old_rows '
                       'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pohang.log_updated()', kind);
        EXECUTE format('CREATE TRIGGER log_deleted AFTER DELETE ON pohang.%I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION pohang.log_deleted()', kind);
        EXECUTE format('CREATE TRIGGER log_truncated BEFORE TRUNCATE ON pohang.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION pohang.log_truncated()', kind);
    END LOOP;
END
$$;

-- The entries the client wrote before this version are chained as they are, oldest first.
DO $$
DECLARE
    entry record;
    previous_id text;
    previous_hash text;
    last_seq integer := 0;
BEGIN
    FOR entry IN SELECT * FROM pohang.log ORDER BY seq LOOP
        UPDATE pohang.log SET prev = previous_hash,
            hash = pohang.entry_hash(entry.seq, entry.id, entry.parent, previous_hash, entry.time, entry.db_user,
                                     entry.host, entry.command, entry.summary, entry.undoes, entry.records,
                                     entry.changes::text)
        WHERE seq = entry.seq
        RETURNING hash INTO previous_hash;
        previous_id := entry.id;
        last_seq := entry.seq;
    END LOOP;
    INSERT INTO pohang.log_head (seq, id, hash) VALUES (last_seq, previous_id, previous_hash);
END
$$;
