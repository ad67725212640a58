-- Version 4, methodology §8: indicator metadata, English notes, the days targets came into force and values
-- were stored, and people's assessments of targets. Columns are added at the end of each table, in the order
-- of the stored documents (storage/documents.py). A revision's `reason_en`, `note_en` and a vintage's
-- `recorded`, `note_en` live in the json of `revisions`, as their other fields do.

ALTER TABLE pohang.sectors ADD COLUMN note_en text;

ALTER TABLE pohang.indicators ADD COLUMN frequency text NOT NULL DEFAULT 'annual'
    CHECK (frequency IN ('monthly', 'quarterly', 'half-yearly', 'annual', 'irregular'));
ALTER TABLE pohang.indicators ADD COLUMN lag_months integer NOT NULL DEFAULT 3 CHECK (lag_months >= 0);
ALTER TABLE pohang.indicators ADD COLUMN owner text;
ALTER TABLE pohang.indicators ADD COLUMN basis_en text;
ALTER TABLE pohang.indicators ADD COLUMN note_en text;

ALTER TABLE pohang.targets ADD COLUMN note_en text;
ALTER TABLE pohang.targets ADD COLUMN adopted text
    CHECK (adopted ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$');

ALTER TABLE pohang.observations ADD COLUMN recorded text
    CHECK (recorded ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$');
ALTER TABLE pohang.observations ADD COLUMN note_en text;

ALTER TABLE pohang.milestones ADD COLUMN note_en text;

-- One assessment per target, keyed by the target's id. sources is json (a list of one or more URLs), not
-- jsonb, like revisions: its exact text is what was stored.
CREATE TABLE pohang.assessments (
    id text COLLATE "C" PRIMARY KEY REFERENCES pohang.targets DEFERRABLE INITIALLY DEFERRED,
    status text NOT NULL CHECK (status IN ('achieved', 'on_track', 'behind', 'off_track', 'regressing')),
    basis text NOT NULL,
    sources json NOT NULL CHECK (json_typeof(sources) = 'array' AND json_array_length(sources) > 0),
    date text NOT NULL CHECK (date ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$'),
    basis_en text
);
