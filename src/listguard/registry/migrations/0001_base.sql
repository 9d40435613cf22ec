-- The registry: entities with their names and identifiers, lists, list versions and events.
-- Rows with version_id NULL come from the curated data shipped in the package; the others
-- from an imported version of an official list (see listguard.registry.versions).
--
-- This is the schema the registry had before it had migrations (schema.sql and the columns
-- added on open since), so a registry made then is taken as having applied it (see
-- listguard.registry.migrations). Tokens in braces are filled in per database: {text},
-- {id} and {rowid} (listguard/registry/migrations/__init__.py says how).
CREATE TABLE IF NOT EXISTS meta (
    key   {text} PRIMARY KEY,
    value {text} NOT NULL
);
CREATE TABLE IF NOT EXISTS lists (
    id          {text} PRIMARY KEY,
    name        {text} NOT NULL,
    authority   {text} NOT NULL,
    regime      {text} NOT NULL,
    url         {text} NOT NULL DEFAULT '',
    description {text} NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS versions (
    id           {id},
    list_id      {text} NOT NULL,
    content_hash {text} NOT NULL,
    published    {text},
    imported     {text} NOT NULL,
    source       {text} NOT NULL,
    entries      INTEGER NOT NULL,
    dated_by     {text} NOT NULL DEFAULT '',
    whole        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (list_id, content_hash)
);
-- How far the curated data of a list goes (listguard/data/coverage.csv).
CREATE TABLE IF NOT EXISTS list_coverage (
    list_id     {text} PRIMARY KEY,
    complete    INTEGER NOT NULL,
    reviewed_to {text},
    confirmed   INTEGER NOT NULL,
    source      {text} NOT NULL,
    note        {text} NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS entities (
    id         {text} PRIMARY KEY,
    name       {text} NOT NULL,
    kind       {text} NOT NULL,
    country    {text} NOT NULL DEFAULT '',
    note       {text} NOT NULL DEFAULT '',
    version_id INTEGER,
    born       {text} NOT NULL DEFAULT ''{rowid}
);
CREATE TABLE IF NOT EXISTS names (
    entity_id  {text} NOT NULL,
    name       {text} NOT NULL,
    kind       {text} NOT NULL,
    lang       {text} NOT NULL DEFAULT '',
    source     {text} NOT NULL DEFAULT '',
    key        {text} NOT NULL,
    strict_key {text} NOT NULL,
    version_id INTEGER{rowid}
);
CREATE INDEX IF NOT EXISTS names_key ON names (key);
CREATE INDEX IF NOT EXISTS names_strict_key ON names (strict_key);
CREATE INDEX IF NOT EXISTS names_entity ON names (entity_id);
CREATE TABLE IF NOT EXISTS identifiers (
    entity_id  {text} NOT NULL,
    scheme     {text} NOT NULL,
    value      {text} NOT NULL,
    source     {text} NOT NULL DEFAULT '',
    key        {text} NOT NULL,
    version_id INTEGER{rowid}
);
CREATE INDEX IF NOT EXISTS identifiers_key ON identifiers (scheme, key);
CREATE INDEX IF NOT EXISTS identifiers_entity ON identifiers (entity_id);
CREATE TABLE IF NOT EXISTS links (
    subject_id {text} NOT NULL,
    relation   {text} NOT NULL,
    object_id  {text} NOT NULL,
    source     {text} NOT NULL DEFAULT '',
    version_id INTEGER{rowid}
);
CREATE TABLE IF NOT EXISTS events (
    id            {id},
    entity_id     {text} NOT NULL,
    list_id       {text} NOT NULL,
    kind          {text} NOT NULL,
    effective     {text} NOT NULL,
    published     {text} NOT NULL,
    citation      {text} NOT NULL,
    confirmed     INTEGER NOT NULL,
    listed_name   {text} NOT NULL DEFAULT '',
    list_entry_id {text} NOT NULL DEFAULT '',
    note          {text} NOT NULL DEFAULT '',
    seq           INTEGER NOT NULL DEFAULT 0,
    version_id    INTEGER,
    first_seen    INTEGER NOT NULL DEFAULT 0,
    seen_after    {text}
);
CREATE INDEX IF NOT EXISTS events_entity ON events (entity_id);
CREATE INDEX IF NOT EXISTS events_list ON events (list_id);
-- One row per entry of an imported list version, as the source printed it (for diffs).
CREATE TABLE IF NOT EXISTS entries (
    version_id INTEGER NOT NULL,
    list_id    {text} NOT NULL,
    entry_id   {text} NOT NULL,
    entity_id  {text} NOT NULL,
    name       {text} NOT NULL,
    data       {text} NOT NULL,
    PRIMARY KEY (version_id, entry_id)
);
CREATE INDEX IF NOT EXISTS entries_entity ON entries (entity_id);
