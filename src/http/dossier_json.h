/* The JSON representation of a dossier (API.md "Dossier representation") and of its public
 * tracking view. */
#ifndef MC_DOSSIER_JSON_H
#define MC_DOSSIER_JSON_H

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "domain/dossier.h"
#include "http/json_text.h"

/* The full dossier; with_secret adds tracking_secret (staff and the applicant only). */
json_t *dossier_json(struct arena *a, const struct dossier *d, bool with_secret);
/* A list item: the same without steps, components, digitization flags and calendar versions
 * (GET the dossier for those). */
json_t *dossier_summary_json(struct arena *a, const struct dossier *d);
/* An opinion asked by a step (docs/decisions.md "Send back and opinions"). */
json_t *opinion_json(const struct dossier_opinion *o);
/* A delegation: {id, procedure, unit, delegating_agency: {unit, name}, decision_number,
 * decision_date, valid_from, valid_to, ended_at, ended_by, created_at, created_by}. */
json_t *delegation_json(const struct delegation *g);
/* The public view: no ID numbers, phones, addresses or officer names; a masked name. */
json_t *dossier_public_json(const struct dossier *d);
/* The same public view as compact JSON text, byte for byte what json_dumps(dossier_public_json(d),
 * JSON_COMPACT | JSON_PRESERVE_ORDER) gives, written directly (the hot path of public tracking).
 * The caller frees the text. */
char *dossier_public_text(const struct dossier *d, size_t *len);
/* A list item as text: dossier_summary_json with "overdue" added last, byte for byte as jansson
 * writes it compact (list pages write their items directly). At most DOSSIER_LIST_ITEM_MAX bytes:
 * its texts are bounded by the intake and the catalog (two reasons of DOSSIER_NOTE_CHARS, the
 * procedure's and the step's names of CATALOG_NAME_MAX = 500, names, address, e-mail, result, some
 * 5,800 characters), at most 4 bytes a character once escaped, about 24 KiB, and 1.5 KiB more of
 * names, codes, times and numbers. */
#define DOSSIER_LIST_ITEM_MAX (32 * 1024)
void dossier_list_item_text(struct buf *b, const struct dossier *d, bool overdue);
/* An item of the change feed: the list item with "change": {"position", "at", "action",
 * "from_status", "to_status"} added. At most DOSSIER_LIST_ITEM_MAX + 512 bytes. */
void dossier_change_item_text(struct buf *b, const struct dossier *d, bool overdue,
			      const struct dossier_change *c);
/* The full dossier as text, byte for byte what json_dumps(dossier_json(d, with_secret),
 * JSON_COMPACT | JSON_PRESERVE_ORDER) gives; internal false writes what a caller who is not staff
 * sees (api_dossiers.c): no opinions ([]) and no sync error (null). b->full when the buffer's cap
 * was reached or a stored JSON member could not be written: the caller then answers through
 * jansson. The 201 of an intake is written so (issue 22: the tree and its dump were ~10 % of an
 * intake's CPU). */
void dossier_full_text(struct buf *b, const struct dossier *d, bool with_secret, bool internal);
/* A cap for dossier_full_text's buffer, far above a real dossier (its steps, 64 opinions and
 * their texts, bounded at input, are a few hundred KiB at most); beyond it, jansson answers. */
#define DOSSIER_TEXT_MAX (4 * 1024 * 1024)
/* What its buffer takes at first: a counter intake's 201 is ~2.4 KB. */
#define DOSSIER_TEXT_USUAL 4096
/* A stored JSON text (json, else fallback when json is NULL or not JSON) as jansson writes it
 * compact. */
void json_text_value(struct buf *b, const char *json, const char *fallback);

#endif
