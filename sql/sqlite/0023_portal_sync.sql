-- The national portal sync (docs/portal.md): the portal is a built-in destination of the outbox
-- (one row of subscriptions with kind 'portal', written at startup from the configuration), and
-- portal_sync keeps each dossier's sync state, derived from its portal messages in the
-- transactions that enqueue, deliver, fail or replay them.
ALTER TABLE subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'webhook'
	CHECK (kind IN ('webhook', 'portal'));
CREATE UNIQUE INDEX subscriptions_portal ON subscriptions (kind) WHERE kind = 'portal';
-- The messages of one destination and dossier by state (a dossier's sync state is derived here).
CREATE INDEX outbox_sub_stream_state ON outbox_messages (subscription_id, stream, state, id);

-- state: pending (a message not yet acknowledged), acknowledged (every message acknowledged),
-- failed (a message is a dead letter); updated_at: when the state was last set (seconds);
-- error: the last failure of the message that holds it; receipt: the portal's id of the last
-- acknowledged message. No row: nothing was ever written for the portal ("disabled").
CREATE TABLE portal_sync (
	dossier_code TEXT PRIMARY KEY,
	state TEXT NOT NULL CHECK (state IN ('pending', 'acknowledged', 'failed')),
	updated_at INTEGER NOT NULL,
	error TEXT,
	receipt TEXT
) STRICT;
CREATE INDEX portal_sync_state ON portal_sync (state, dossier_code);
