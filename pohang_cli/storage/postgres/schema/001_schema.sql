-- Version 1: pohang's records, one table per kind, keyed by the record's public id.
--
-- Columns are in the order of the stored documents (storage/documents.py), so a row is a document. The
-- CHECK lists are the closed vocabularies of pohang_cli/models.py (a test compares them). Dates are kept
-- as text at their precision: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-QN, YYYY-HN. Foreign keys are deferred to
-- COMMIT, so a write may add a sector and its indicators in any order.

CREATE SCHEMA pohang;

CREATE TABLE pohang.schema_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version integer NOT NULL CHECK (version > 0)
);

CREATE TABLE pohang.sectors (
    id text COLLATE "C" PRIMARY KEY,
    name_ko text NOT NULL,
    name_en text NOT NULL,
    "order" integer NOT NULL DEFAULT 0,
    source text,
    note text
);

CREATE TABLE pohang.indicators (
    id text COLLATE "C" PRIMARY KEY,
    sector text COLLATE "C" NOT NULL REFERENCES pohang.sectors DEFERRABLE INITIALLY DEFERRED,
    name_ko text NOT NULL,
    name_en text NOT NULL,
    unit text NOT NULL,
    baseline double precision,
    baseline_date text CHECK (baseline_date ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$'),
    direction text NOT NULL CHECK (direction IN ('increase', 'decrease')),
    kind text NOT NULL CHECK (kind IN ('level', 'cumulative')),
    model text NOT NULL CHECK (model IN ('linear', 'compound')),
    basis text,
    source text,
    note text
);

-- revisions is json, not jsonb: jsonb would rewrite the exact text of a number such as 14000000000000.0.
CREATE TABLE pohang.targets (
    id text COLLATE "C" PRIMARY KEY,
    indicator text COLLATE "C" NOT NULL REFERENCES pohang.indicators DEFERRABLE INITIALLY DEFERRED,
    value double precision NOT NULL,
    deadline text NOT NULL CHECK (deadline ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$'),
    source text,
    note text,
    revisions json NOT NULL DEFAULT '[]',
    supersedes text COLLATE "C" REFERENCES pohang.targets DEFERRABLE INITIALLY DEFERRED,
    superseded_by text COLLATE "C" REFERENCES pohang.targets DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE pohang.observations (
    id text COLLATE "C" PRIMARY KEY,
    indicator text COLLATE "C" NOT NULL REFERENCES pohang.indicators DEFERRABLE INITIALLY DEFERRED,
    date text NOT NULL CHECK (date ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$'),
    value double precision NOT NULL,
    source text,
    note text,
    provisional boolean NOT NULL DEFAULT false
);

CREATE INDEX observations_indicator ON pohang.observations (indicator);

CREATE SEQUENCE pohang.milestone_ids AS integer;

CREATE TABLE pohang.milestones (
    id integer PRIMARY KEY CHECK (id > 0),
    sector text COLLATE "C" NOT NULL REFERENCES pohang.sectors DEFERRABLE INITIALLY DEFERRED,
    title text NOT NULL,
    title_en text,
    status text NOT NULL
        CHECK (status IN ('planned', 'in_progress', 'on_hold', 'done', 'partial', 'cancelled', 'unknown')),
    date text CHECK (date ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$'),
    due text CHECK (due ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$'),
    original_due text CHECK (original_due ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$'),
    source text,
    note text
);

-- The audit log: editors may append (INSERT) but never change it.
CREATE TABLE pohang.log (
    seq integer PRIMARY KEY CHECK (seq > 0),
    id text NOT NULL UNIQUE,
    parent text,
    time text,
    db_user text NOT NULL DEFAULT session_user,
    host text,
    command text NOT NULL,
    summary text NOT NULL,
    undoes integer,
    records integer NOT NULL,
    changes json NOT NULL
);
