-- Version 3, roles per database: the prefix of this database's roles (NULL: pohang_<database name>).
--
-- The roles themselves, and the move of the members of the cluster-wide pohang_reader/pohang_editor of
-- versions 1 and 2 to them, are made by the grants that follow every migration (grants.py).

CREATE TABLE pohang.settings (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    roles text CHECK (roles <> '')
);
INSERT INTO pohang.settings DEFAULT VALUES;
