/* Documents over HTTP: upload of a raw body (streamed to a temp file by the server as it arrives,
 * see svc/uploads.h), download of the bytes, an applicant's documents for reuse. */
#include "base/base.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/civil.h"
#include "http/http.h"
#include "svc/documents.h"

static json_t *document_json(const struct document *d)
{
	char at[32];
	civil_format_time(d->created_at, at);
	return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "id", d->id, "sha256", d->sha256,
			 "size", (json_int_t)d->size, "content_type", d->content_type, "filename",
			 d->filename, "owner", d->owner, "created_at", at);
}

static void post_document(struct req *r)
{
	const char *filename = qarg_text(r, "filename", 200);
	const char *owner = req_arg(r, "owner");
	if (problems_or_reply(r))
		return;
	const char *name = filename ? filename : "";
	struct document d;
	enum mc_err err = documents_upload(&r->ctx, name, owner, r->upload, &d);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 201, document_json(&d));
}

static void get_document(struct req *r)
{
	struct document d;
	char path[1200];
	struct stat st;
	enum mc_err err = documents_open(&r->ctx, req_param(r, 0), &d, path, sizeof(path));
	if (err) {
		resp_err(r, err);
		return;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		resp_err(r, MC_EIO);
		return;
	}
	r->out_disposition = "attachment";
	resp_fd(r, 200, arena_strdup(&r->arena, d.content_type), fd, (size_t)st.st_size);
}

struct doc_list {
	json_t *items;
};

static void add_doc(const struct document *d, void *arg)
{
	json_array_append_new(((struct doc_list *)arg)->items, document_json(d));
}

static void get_applicant_documents(struct req *r)
{
	size_t limit;
	const char *cursor, *next = NULL;
	if (page_or_reply(r, &limit, &cursor))
		return;
	struct doc_list l = {json_array()};
	enum mc_err err = documents_of_applicant(&r->ctx, req_param(r, 0), limit, cursor, add_doc, &l,
						 &next);
	if (err) {
		json_decref(l.items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", l.items, "next_cursor",
				    next ? json_string(page_cursor(r, next)) : json_null()));
}

const struct route api_documents_routes[] = {
	{"POST", "/api/v1/documents", post_document, R_AUTH | R_UPLOAD | R_SLOW},
	{"GET", "/api/v1/documents/{id}", get_document, R_AUTH},
	{"GET", "/api/v1/applicants/{id}/documents", get_applicant_documents, R_AUTH},
	{NULL, NULL, NULL, 0},
};
