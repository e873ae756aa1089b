-- PostgreSQL 15 version of sql/sqlite/0008_documents.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- Documents: uploads (scans, results) stored content-addressed on disk (blobs/ab/<sha256>); a
-- document row per upload, owned by an applicant's ID number or tax code; uses by dossiers.
CREATE TABLE blobs (
	sha256 TEXT PRIMARY KEY,
	size BIGINT NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE documents (
	id TEXT PRIMARY KEY,
	sha256 TEXT NOT NULL REFERENCES blobs (sha256),
	size BIGINT NOT NULL,
	content_type TEXT NOT NULL,
	filename TEXT NOT NULL,
	owner TEXT NOT NULL,
	uploaded_by TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX documents_owner ON documents (owner, created_at);

CREATE TABLE document_uses (
	document_id TEXT NOT NULL REFERENCES documents (id),
	dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
	role TEXT NOT NULL CHECK (role IN ('component', 'result')),
	component_id TEXT,
	reused BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (document_id, dossier_id, role)
);
CREATE INDEX document_uses_dossier ON document_uses (dossier_id);
