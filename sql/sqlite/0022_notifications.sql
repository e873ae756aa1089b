-- Notifications to citizens (docs/notifications.md): one row per message to an applicant, by
-- e-mail or SMS, written in the transaction of the dossier change it tells about, with its text
-- rendered then (what was said is kept), and sent afterwards by the notifications' worker
-- (svc/notify_worker.c). Times named _ms are wall-clock milliseconds; the others are seconds.
-- state: pending (waiting, or retrying after a failed attempt: last_error says why), sent, dead
-- (too many failed attempts), skipped (the channel is not configured: never sent).
CREATE TABLE notifications (
	id INTEGER PRIMARY KEY,
	delivery_id TEXT NOT NULL UNIQUE,
	dossier_code TEXT NOT NULL,
	event TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
	recipient TEXT NOT NULL,
	subject TEXT,
	body TEXT NOT NULL,
	attachment TEXT,
	created_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_ms INTEGER NOT NULL,
	claimed_until_ms INTEGER NOT NULL DEFAULT 0,
	state TEXT NOT NULL DEFAULT 'pending'
		CHECK (state IN ('pending', 'sent', 'dead', 'skipped')),
	last_error TEXT,
	sent_at INTEGER
) STRICT;
CREATE INDEX notifications_due ON notifications (next_attempt_ms) WHERE state = 'pending';
CREATE INDEX notifications_dossier ON notifications (dossier_code, id);

-- Dossiers whose applicant asked for no more SMS (the public opt-out with the tracking secret).
CREATE TABLE sms_opt_outs (
	dossier_code TEXT PRIMARY KEY,
	at INTEGER NOT NULL
) STRICT;
