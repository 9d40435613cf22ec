-- The registry: entities with their names and identifiers, lists, list versions and events.
-- Rows with version_id NULL come from the curated data shipped in the package; the others
-- from an imported version of an official list (see listguard.registry.versions).
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lists (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    authority   TEXT NOT NULL,
    regime      TEXT NOT NULL,
    url         TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS versions (
    id           INTEGER PRIMARY KEY,
    list_id      TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    published    TEXT,
    imported     TEXT NOT NULL,
    source       TEXT NOT NULL,
    entries      INTEGER NOT NULL,
    dated_by     TEXT NOT NULL DEFAULT '',
    whole        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (list_id, content_hash)
);
-- How far the curated data of a list goes (listguard/data/coverage.csv).
CREATE TABLE IF NOT EXISTS list_coverage (
    list_id     TEXT PRIMARY KEY,
    complete    INTEGER NOT NULL,
    reviewed_to TEXT,
    confirmed   INTEGER NOT NULL,
    source      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS entities (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    country    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    version_id INTEGER,
    born       TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS names (
    entity_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    lang       TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    key        TEXT NOT NULL,
    strict_key TEXT NOT NULL,
    version_id INTEGER
);
CREATE INDEX IF NOT EXISTS names_key ON names (key);
CREATE INDEX IF NOT EXISTS names_strict_key ON names (strict_key);
CREATE INDEX IF NOT EXISTS names_entity ON names (entity_id);
CREATE TABLE IF NOT EXISTS identifiers (
    entity_id  TEXT NOT NULL,
    scheme     TEXT NOT NULL,
    value      TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    key        TEXT NOT NULL,
    version_id INTEGER
);
CREATE INDEX IF NOT EXISTS identifiers_key ON identifiers (scheme, key);
CREATE INDEX IF NOT EXISTS identifiers_entity ON identifiers (entity_id);
CREATE TABLE IF NOT EXISTS links (
    subject_id TEXT NOT NULL,
    relation   TEXT NOT NULL,
    object_id  TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    version_id INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    id            INTEGER PRIMARY KEY,
    entity_id     TEXT NOT NULL,
    list_id       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    effective     TEXT NOT NULL,
    published     TEXT NOT NULL,
    citation      TEXT NOT NULL,
    confirmed     INTEGER NOT NULL,
    listed_name   TEXT NOT NULL DEFAULT '',
    list_entry_id TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    seq           INTEGER NOT NULL DEFAULT 0,
    version_id    INTEGER,
    first_seen    INTEGER NOT NULL DEFAULT 0,
    seen_after    TEXT
);
CREATE INDEX IF NOT EXISTS events_entity ON events (entity_id);
CREATE INDEX IF NOT EXISTS events_list ON events (list_id);
-- One row per entry of an imported list version, as the source printed it (for diffs).
CREATE TABLE IF NOT EXISTS entries (
    version_id INTEGER NOT NULL,
    list_id    TEXT NOT NULL,
    entry_id   TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    data       TEXT NOT NULL,
    PRIMARY KEY (version_id, entry_id)
);
CREATE INDEX IF NOT EXISTS entries_entity ON entries (entity_id);
