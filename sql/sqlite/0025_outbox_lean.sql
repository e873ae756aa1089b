-- The outbox's cost per message (issue 14 item 6, bench/outbox.sh): delivery_id loses its UNIQUE
-- index. The id is "msg_" + 128 random bits + "_" + the subscription (svc/outbox.c), unique by
-- construction, and nothing looks a message up by it; the index only cost a write to a random
-- leaf page for every message. SQLite cannot drop a column constraint, so the table is rebuilt
-- with its indexes.
CREATE TABLE outbox_messages_new (
	id INTEGER PRIMARY KEY,
	delivery_id TEXT NOT NULL,
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
INSERT INTO outbox_messages_new (id, delivery_id, subscription_id, event, stream, dossier_code,
	payload, created_at, attempts, next_attempt_ms, claimed_until_ms, state, last_error,
	delivered_at)
	SELECT id, delivery_id, subscription_id, event, stream, dossier_code, payload, created_at,
		attempts, next_attempt_ms, claimed_until_ms, state, last_error, delivered_at
	FROM outbox_messages;
DROP TABLE outbox_messages;
ALTER TABLE outbox_messages_new RENAME TO outbox_messages;
CREATE INDEX outbox_due ON outbox_messages (next_attempt_ms) WHERE state = 'pending';
CREATE INDEX outbox_stream ON outbox_messages (subscription_id, stream, id)
	WHERE state = 'pending';
CREATE INDEX outbox_state ON outbox_messages (state, id);
CREATE INDEX outbox_dead_stream ON outbox_messages (subscription_id, stream) WHERE state = 'dead';
