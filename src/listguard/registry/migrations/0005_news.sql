-- News and notices (listguard.news, listguard.registry.proposals): events proposed from what
-- was published, each waiting for a reviewer. An accepted proposal becomes a row of events
-- whose proposal column names it; the curated data's refresh leaves such rows alone.
CREATE TABLE IF NOT EXISTS news_proposals (
    id          {text} PRIMARY KEY,
    created     {text} NOT NULL,
    actor       {text} NOT NULL,
    status      {text} NOT NULL,
    entity_id   {text} NOT NULL,
    list_id     {text} NOT NULL,
    kind        {text} NOT NULL,
    effective   {text} NOT NULL,
    published   {text} NOT NULL,
    precision   {text} NOT NULL,
    citation    {text} NOT NULL,
    official    INTEGER NOT NULL DEFAULT 0,
    source      {text} NOT NULL DEFAULT '',
    evidence    {text} NOT NULL DEFAULT '',
    claim       {text} NOT NULL DEFAULT '{}',
    decided     {text},
    decided_by  {text},
    comment     {text} NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS news_proposals_status ON news_proposals (status, created);
ALTER TABLE events ADD COLUMN proposal {text};
