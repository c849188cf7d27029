-- Tenants, people, places and things. Every tenant-owned table is keyed (tenant_id, id) and
-- every foreign key carries tenant_id, so a row can never point into another tenant.

CREATE TABLE tenants (
  id          uuid PRIMARY KEY,
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name        text NOT NULL,
  timezone    text NOT NULL DEFAULT 'Asia/Shanghai',
  settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL
);

CREATE TABLE org_units (
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  id          uuid NOT NULL,
  parent_id   uuid,
  kind        text NOT NULL CHECK (kind IN ('company', 'region', 'service_point', 'department')),
  name        text NOT NULL,
  code        text,
  manager_id  uuid,
  address     text,
  lat         double precision,
  lng         double precision,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX org_units_parent ON org_units (tenant_id, parent_id);

CREATE TABLE users (
  tenant_id         uuid NOT NULL REFERENCES tenants(id),
  id                uuid NOT NULL,
  email             text NOT NULL,
  name              text NOT NULL,
  phone             text,
  password_hash     text,
  roles             text[] NOT NULL,
  org_unit_id       uuid,
  availability      text NOT NULL DEFAULT 'offline'
                    CHECK (availability IN ('online', 'busy', 'offline', 'on_leave')),
  leave_delegate_id uuid,
  leave_from        timestamptz,
  leave_until       timestamptz,
  lat               double precision,
  lng               double precision,
  located_at        timestamptz,
  locale            text NOT NULL DEFAULT 'zh-CN',
  active            boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  FOREIGN KEY (tenant_id, leave_delegate_id) REFERENCES users(tenant_id, id)
);
CREATE UNIQUE INDEX users_email ON users (tenant_id, lower(email));
CREATE INDEX users_roles ON users USING gin (roles);

ALTER TABLE org_units
  ADD FOREIGN KEY (tenant_id, manager_id) REFERENCES users(tenant_id, id);

-- A skill has a level (1-5); a certificate is a skill with a number and an expiry.
CREATE TABLE user_skills (
  tenant_id      uuid NOT NULL,
  user_id        uuid NOT NULL,
  skill_key      text NOT NULL,
  level          smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  certificate_no text,
  expires_at     timestamptz,
  PRIMARY KEY (tenant_id, user_id, skill_key),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_skills_key ON user_skills (tenant_id, skill_key);

-- Bearer tokens: only their sha256 is stored. kind 'session' comes from a login,
-- 'personal' is a named token a user makes for scripts.
CREATE TABLE auth_tokens (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL,
  user_id      uuid NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  kind         text NOT NULL CHECK (kind IN ('session', 'personal')),
  name         text,
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id)
);
CREATE INDEX auth_tokens_user ON auth_tokens (tenant_id, user_id);

CREATE TABLE customers (
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  id           uuid NOT NULL,
  name         text NOT NULL,
  tier         text NOT NULL DEFAULT 'standard'
               CHECK (tier IN ('platinum', 'gold', 'silver', 'standard')),
  contact_name text,
  phone        text,
  email        text,
  address      text,
  org_unit_id  uuid,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX customers_name ON customers (tenant_id, name);

CREATE TABLE devices (
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  id           uuid NOT NULL,
  serial       text NOT NULL,
  model        text NOT NULL,
  customer_id  uuid,
  site         text,
  address      text,
  lat          double precision,
  lng          double precision,
  installed_at timestamptz,
  qr_code      text NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id)
);
CREATE UNIQUE INDEX devices_serial ON devices (tenant_id, serial);
CREATE UNIQUE INDEX devices_qr_code ON devices (tenant_id, qr_code);
CREATE INDEX devices_customer ON devices (tenant_id, customer_id);
