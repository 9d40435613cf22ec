-- Watched portfolios and the alerts outbox (listguard.watching). Before migrations each
-- module created its table on first use, so a registry may hold them already: IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS watches (
    name     {text} PRIMARY KEY,
    source   {text} NOT NULL,
    holdings {text} NOT NULL,
    snapshot {text} NOT NULL,
    created  {text} NOT NULL,
    checked  {text} NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    key          {text} PRIMARY KEY,
    watch        {text} NOT NULL,
    checked      {text} NOT NULL,
    seq          INTEGER NOT NULL,
    alert        {text} NOT NULL,
    queued       {text} NOT NULL,
    channel      {text},
    delivered    {text},
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_attempt {text},
    last_error   {text}
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (delivered, queued, seq);
