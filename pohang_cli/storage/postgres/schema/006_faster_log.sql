-- Version 6, the same log written faster: an import of 100,000 observations spent most of its time here.
--
-- Nothing an entry holds changes, byte for byte (docs/audit-log.md): only how the database builds it.
-- - Each change's text is put together in one concat() with the kind's name quoted once per statement, not
--   through pohang.log_change per row (0.85 s for 100,000 rows, against 0.52).
-- - A row's document is made once, not once to compare it and again to write it (updates and deletes).
-- - At commit, line breaks are replaced only when the changes hold one: translate() over an import's 35 MB
--   took a second, the search for one takes a tenth of that.
-- - The log's changes are compressed with LZ4 where the server has it: pglz took 0.6 s for an import's
--   entry, LZ4 0.25 s, for 2.9 MB stored instead of 2.4.

CREATE OR REPLACE FUNCTION pohang.log_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pohang SET extra_float_digits = 1
AS $$
DECLARE
    kind_json text := to_json(TG_TABLE_NAME::text)::text;
BEGIN
    IF pohang.log_restoring() THEN RETURN NULL; END IF;
    INSERT INTO pohang.log_pending (txid, kind, ids, added, changed, removed, changes)
    SELECT txid_current(), TG_TABLE_NAME, array_agg(n.id::text), count(*), 0, 0,
        string_agg(concat('{"kind":', kind_json, ',"id":', to_json(n.id), ',"before":null,"after":', row_to_json(n), '}'),
                   ',')
    FROM new_rows AS n
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pohang.log_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pohang SET extra_float_digits = 1
AS $$
DECLARE
    kind_json text := to_json(TG_TABLE_NAME::text)::text;
BEGIN
    IF pohang.log_restoring() THEN RETURN NULL; END IF;
    -- Joined by id: a row whose id changed is one record removed and another added; an unchanged row is no change.
    INSERT INTO pohang.log_pending (txid, kind, ids, added, changed, removed, changes)
    SELECT txid_current(), TG_TABLE_NAME, array_agg(c.key), count(*) FILTER (WHERE c.before IS NULL),
        count(*) FILTER (WHERE c.before IS NOT NULL AND c.after IS NOT NULL), count(*) FILTER (WHERE c.after IS NULL),
        string_agg(concat('{"kind":', kind_json, ',"id":', c.id, ',"before":', coalesce(c.before, 'null'),
                          ',"after":', coalesce(c.after, 'null'), '}'), ',')
    FROM (
        SELECT coalesce(n.id::text, o.id::text) AS key, to_json(coalesce(n.id, o.id))::text AS id,
            row_to_json(o)::text AS before, row_to_json(n)::text AS after
        FROM old_rows AS o FULL JOIN new_rows AS n ON n.id = o.id
    ) AS c
    WHERE c.before IS DISTINCT FROM c.after
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pohang.log_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pohang SET extra_float_digits = 1
AS $$
DECLARE
    kind_json text := to_json(TG_TABLE_NAME::text)::text;
BEGIN
    IF pohang.log_restoring() THEN RETURN NULL; END IF;
    INSERT INTO pohang.log_pending (txid, kind, ids, added, changed, removed, changes)
    SELECT txid_current(), TG_TABLE_NAME, array_agg(o.id::text), 0, 0, count(*),
        string_agg(concat('{"kind":', kind_json, ',"id":', to_json(o.id), ',"before":', row_to_json(o), ',"after":null}'),
                   ',')
    FROM old_rows AS o
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

-- TRUNCATE has no transition table: the rows are read before they go.
CREATE OR REPLACE FUNCTION pohang.log_truncated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pohang SET extra_float_digits = 1
AS $$
BEGIN
    IF pohang.log_restoring() THEN RETURN NULL; END IF;
    EXECUTE format(
        'INSERT INTO pohang.log_pending (txid, kind, ids, added, changed, removed, changes) '
        'SELECT txid_current(), %L, array_agg(o.id::text), 0, 0, count(*), '
        'string_agg(concat(''{"kind":'', %L, '',"id":'', to_json(o.id), '',"before":'', row_to_json(o), '
        ''',"after":null}''), '','') '
        'FROM %I.%I AS o HAVING count(*) > 0',
        TG_TABLE_NAME, to_json(TG_TABLE_NAME::text)::text, TG_TABLE_SCHEMA, TG_TABLE_NAME);
    RETURN NULL;
END
$$;

-- At commit (or at `SET CONSTRAINTS pohang.log_entry IMMEDIATE`): the transaction's notes become one entry.
CREATE OR REPLACE FUNCTION pohang.log_commit() RETURNS trigger
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
    -- fits on one line of a file's log (`export --with-log`). Only a json column's own text can hold one.
    IF strpos(body, E'\n') > 0 OR strpos(body, E'\r') > 0 THEN
        body := translate(body, E'\n\r', '  ');
    END IF;
    body := '[' || body || ']';
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

-- Only the log's: the records' rows are small, and pglz keeps its better ratio for the few large ones.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE pohang.log ALTER COLUMN changes SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR syntax_error THEN
    NULL;  -- a server built without LZ4 (or older than 14) keeps pglz: slower, the same entries
END
$$;
