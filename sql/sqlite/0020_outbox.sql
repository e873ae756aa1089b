-- Webhooks (docs/webhooks.md): the subscriptions administrators register, and the transactional
-- outbox: one message per matching subscription, written in the transaction of the change it
-- reports, then sent by the delivery worker (svc/outbox.c). Times named _ms are wall-clock
-- milliseconds (retries are scheduled finer than seconds); the others are seconds.
CREATE TABLE subscriptions (
	id INTEGER PRIMARY KEY,
	url TEXT NOT NULL,
	events TEXT NOT NULL,
	unit TEXT,
	secret TEXT NOT NULL,
	paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL
) STRICT;

-- stream: what orders delivery (the dossier's code, "handover:<id>", "ping"); a message is sent
-- only when no older pending message of the same subscription and stream is left.
CREATE TABLE outbox_messages (
	id INTEGER PRIMARY KEY,
	delivery_id TEXT NOT NULL UNIQUE,
	subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
	event TEXT NOT NULL,
	stream TEXT NOT NULL,
	dossier_code TEXT,
	payload TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_ms INTEGER NOT NULL,
	claimed_until_ms INTEGER NOT NULL DEFAULT 0,
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
	last_error TEXT,
	delivered_at INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox_messages (next_attempt_ms) WHERE state = 'pending';
CREATE INDEX outbox_stream ON outbox_messages (subscription_id, stream, id)
	WHERE state = 'pending';
CREATE INDEX outbox_state ON outbox_messages (state, id);
