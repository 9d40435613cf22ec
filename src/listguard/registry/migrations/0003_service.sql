-- The service's records (listguard.registry.keys, audit, decisions, jobs): API keys, the
-- hash-chained audit trail, reviewer decisions and screening jobs. Before this migration the
-- modules created their tables on first use, so a registry may hold them already.
CREATE TABLE IF NOT EXISTS api_keys (
    id       {text} PRIMARY KEY,
    name     {text} NOT NULL,
    role     {text} NOT NULL,
    digest   {text} NOT NULL UNIQUE,
    created  {text} NOT NULL,
    revoked  {text}
);
CREATE TABLE IF NOT EXISTS audit (
    seq      BIGINT NOT NULL PRIMARY KEY,
    at       {text} NOT NULL,
    actor    {text} NOT NULL,
    action   {text} NOT NULL,
    request  {text} NOT NULL,
    basis    {text} NOT NULL,
    answer   {text} NOT NULL,
    prev     {text} NOT NULL,
    hash     {text} NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TABLE IF NOT EXISTS decisions (
    id          {text} PRIMARY KEY,
    input_key   {text} NOT NULL,
    entity_id   {text} NOT NULL,
    decision    {text} NOT NULL,
    comment     {text} NOT NULL,
    actor       {text} NOT NULL,
    at          {text} NOT NULL,
    fingerprint {text} NOT NULL,
    snapshot    {text} NOT NULL,
    input       {text} NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_input ON decisions (input_key, entity_id, at);
CREATE TABLE IF NOT EXISTS jobs (
    id        {text} PRIMARY KEY,
    actor     {text} NOT NULL,
    created   {text} NOT NULL,
    status    {text} NOT NULL,
    file_name {text} NOT NULL,
    options   {text} NOT NULL,
    folder    {text} NOT NULL,
    rows      INTEGER NOT NULL DEFAULT 0,
    done      INTEGER NOT NULL DEFAULT 0,
    summary   {text} NOT NULL DEFAULT '{}',
    error     {text} NOT NULL DEFAULT '',
    finished  {text}
);
