-- Knowledge articles (src/modules/knowledge): verified solutions kept for the next engineer.
-- `terms` holds the article's search terms (Chinese character pairs and English words), so a
-- GIN index finds candidates in any language without a word-breaking dictionary.
CREATE TABLE knowledge_articles (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  title text NOT NULL,
  problem text NOT NULL,
  cause text,
  steps text NOT NULL,
  -- Attachment ids of the source ticket kept as the article's evidence.
  evidence_ids uuid[] NOT NULL DEFAULT '{}',
  source_ticket_id uuid,
  ticket_type text,
  tags text[] NOT NULL DEFAULT '{}',
  terms text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'archived')),
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX knowledge_articles_terms ON knowledge_articles USING gin (terms);
-- One article per source ticket: a second save of the same solution is refused, even in a race.
CREATE UNIQUE INDEX knowledge_articles_source ON knowledge_articles (tenant_id, source_ticket_id) WHERE source_ticket_id IS NOT NULL;
