-- OAuth2 client-credentials clients for machine integrations. A client acts as its own service
-- user (roles as the admin chose), and its access tokens are ordinary auth_tokens rows of kind
-- 'client', short-lived and limited to the scopes asked for. Personal tokens may be scoped too.

CREATE TABLE api_clients (
  tenant_id             uuid NOT NULL REFERENCES tenants(id),
  id                    uuid NOT NULL,
  -- The public identifier, unique across tenants: the token endpoint finds the tenant by it.
  client_id             text NOT NULL UNIQUE,
  -- sha256 of a 32-byte random secret: high entropy, so a slow hash adds nothing.
  secret_hash           text NOT NULL,
  name                  text NOT NULL,
  user_id               uuid NOT NULL,
  scopes                text[] NOT NULL,
  rate_limit_per_minute integer NOT NULL DEFAULT 600 CHECK (rate_limit_per_minute BETWEEN 1 AND 100000),
  token_ttl_seconds     integer NOT NULL DEFAULT 3600 CHECK (token_ttl_seconds BETWEEN 60 AND 86400),
  active                boolean NOT NULL DEFAULT true,
  created_by            uuid NOT NULL,
  last_token_at         timestamptz,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id)
);

ALTER TABLE auth_tokens DROP CONSTRAINT auth_tokens_kind_check;
ALTER TABLE auth_tokens ADD CONSTRAINT auth_tokens_kind_check CHECK (kind IN ('session', 'personal', 'client'));
-- NULL: every scope the user's roles allow (sessions, unscoped personal tokens).
ALTER TABLE auth_tokens ADD COLUMN scopes text[];
ALTER TABLE auth_tokens ADD COLUMN client_id uuid;
CREATE INDEX auth_tokens_client ON auth_tokens (tenant_id, client_id) WHERE client_id IS NOT NULL;
