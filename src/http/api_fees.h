/* The fees part of dossier requests (docs/fees.md): decoding "fees_declared" and
 * "fee_exemption" of an intake, and the "fees" member of a dossier's representation. */
#ifndef MC_API_FEES_H
#define MC_API_FEES_H

#include <jansson.h>

#include "base/buf.h"
#include "domain/dossier.h"
#include "http/http.h"
#include "svc/fees.h"

/* Reads body's "fees_declared" (an object of quantities) and "fee_exemption" ({"code",
 * "reason", "paper"} or null) into in; errors go to r->problem. */
void fees_decode_input(struct req *r, json_t *body, struct fee_input *in);

/* The dossier's "fees" member: null when the dossier has none (received before fees existed). */
json_t *fees_member(struct req *r, const struct dossier *d);
/* The same member from a view the caller already has (a new dossier's: svc dossier_intake). */
json_t *fees_member_of(const struct fee_view *v);
/* fees_member_of's JSON as text, byte for byte as jansson writes it compact. */
void fees_member_text(struct buf *b, const struct fee_view *v);

#endif
