-- PostgreSQL 15 version of sql/sqlite/0025_outbox_lean.sql (docs/postgresql.md).
-- The outbox's cost per message (issue 14 item 6, bench/outbox.sh): delivery_id loses its UNIQUE
-- index. The id is "msg_" + 128 random bits + "_" + the subscription (svc/outbox.c), unique by
-- construction, and nothing looks a message up by it; the index only cost a write to a random
-- leaf page for every message.
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_delivery_id_key;
