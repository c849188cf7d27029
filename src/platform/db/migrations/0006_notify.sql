-- Notifications: each person's in-app inbox, their delivery preferences, and the channels an
-- admin configures (email, SMS, WeCom, DingTalk and Feishu group robots). A delivery outside the
-- app is a due_work job of kind notify.deliver, scheduled in the transaction that caused it.

CREATE TABLE notifications (
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  id          uuid NOT NULL,
  user_id     uuid NOT NULL,
  ticket_id   uuid,
  template    text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  -- The template's variables as the caller gave them, for a client that renders its own text.
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  urgent      boolean NOT NULL DEFAULT false,
  read_at     timestamptz,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets(tenant_id, id)
);
-- A person's inbox, newest first (ids are UUIDv7, so they sort by time); the partial index
-- serves "my unread" and its count without reading what was read long ago.
CREATE INDEX notifications_inbox ON notifications (tenant_id, user_id, id);
CREATE INDEX notifications_unread ON notifications (tenant_id, user_id, id) WHERE read_at IS NULL;
-- The live feed: one poller per process asks for what is newer than a recent id, across tenants.
CREATE INDEX notifications_feed ON notifications (id);

-- No row means the defaults: email on when the tenant has an email channel, SMS only for urgent.
-- Quiet hours are minutes of the day in the tenant's time zone; start > end wraps past midnight.
CREATE TABLE notification_preferences (
  tenant_id           uuid NOT NULL,
  user_id             uuid NOT NULL,
  email               boolean NOT NULL,
  sms                 boolean NOT NULL,
  quiet_start_minute  smallint CHECK (quiet_start_minute BETWEEN 0 AND 1439),
  quiet_end_minute    smallint CHECK (quiet_end_minute BETWEEN 0 AND 1439),
  updated_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE,
  CHECK ((quiet_start_minute IS NULL) = (quiet_end_minute IS NULL)),
  CHECK (quiet_start_minute IS NULL OR quiet_start_minute <> quiet_end_minute)
);

-- settings holds what an admin may read back; secret (SMTP password, robot signing secret, SMS
-- AccessKey secret) is written, used by the sender, and never returned by the API.
CREATE TABLE notification_channels (
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  id          uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('email', 'sms', 'wecom', 'dingtalk', 'feishu')),
  name        text NOT NULL,
  settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
  secret      text,
  -- Group robots post the templates they subscribe to; email and SMS go to people instead.
  templates   text[] NOT NULL DEFAULT '{}',
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
-- A person's email or SMS goes through the tenant's one active channel of that kind.
CREATE UNIQUE INDEX notification_channels_one_active ON notification_channels (tenant_id, kind)
  WHERE active AND kind IN ('email', 'sms');
