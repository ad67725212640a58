-- Version 2, observation vintages: the date a value was reported, and the earlier values later reports replaced.

ALTER TABLE pohang.observations ADD COLUMN reported text
    CHECK (reported ~ '^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$');
ALTER TABLE pohang.observations ADD COLUMN revisions json NOT NULL DEFAULT '[]';
