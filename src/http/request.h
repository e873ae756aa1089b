/* Reading a request at the edge once its headers are in: query arguments and the headers that
 * handlers use, the client's address behind trusted proxies, and the refusal of ambiguous framing
 * (conflicting Content-Length, Transfer-Encoding with Content-Length, unknown transfer codings,
 * whitespace in header names), which a proxy in front could read differently from us. */
#ifndef MC_REQUEST_H
#define MC_REQUEST_H

#include "http/http.h"
#include "http/netaddr.h"

/* Copies the query arguments and the headers handlers use into r's arena. */
void request_read(struct req *r);
/* Sets r->peer_addr, r->client_addr, r->client (text, for logs) and r->client_key (per-address
 * limits): the TCP peer, or when it is in trusted, the client X-Forwarded-For names. */
void request_client(struct req *r, const struct cidr_set *trusted);
/* Answers 400 (or 501 for a transfer coding other than chunked) with the connection closed when
 * the request's framing is ambiguous; true when it answered. */
bool request_framing_or_reply(struct req *r);

#endif
