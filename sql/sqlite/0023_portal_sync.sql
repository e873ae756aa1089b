-- The national portal sync (docs/portal.md): the portal is a built-in destination of the outbox
-- (one row of subscriptions with kind 'portal', written at startup from the configuration), and
-- portal_sync keeps each dossier's sync state, derived from its portal messages in the
-- transactions that enqueue, deliver, fail or replay them.
ALTER TABLE subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'webhook'
	CHECK (kind IN ('webhook', 'portal'));
CREATE UNIQUE INDEX subscriptions_portal ON subscriptions (kind) WHERE kind = 'portal';
-- A destination's dead messages per dossier (a dossier's sync state is derived from them and
-- from outbox_stream's pending ones); partial, so that writing a message does not write it.
CREATE INDEX outbox_dead_stream ON outbox_messages (subscription_id, stream) WHERE state = 'dead';

-- state: pending (a message not yet acknowledged), acknowledged (every message acknowledged),
-- failed (a message is a dead letter); updated_at: when the state was last set (seconds);
-- error: the last failure of the message that holds it; receipt: the portal's id of the last
-- acknowledged message. No row: nothing was ever written for the portal ("disabled"). No index
-- on state: the list's filter looks rows up by code, and the counts read the table.
CREATE TABLE portal_sync (
	dossier_code TEXT PRIMARY KEY,
	state TEXT NOT NULL CHECK (state IN ('pending', 'acknowledged', 'failed')),
	updated_at INTEGER NOT NULL,
	error TEXT,
	receipt TEXT
) STRICT, WITHOUT ROWID;
