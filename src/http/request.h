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

/* The limits of a request's head, kept below libmicrohttpd's own so that they answer first. */
struct edge_limits {
	size_t header_max; /* bytes of the header block (names, values, ": " and CRLF) */
	size_t target_max; /* bytes of the request target as sent */
};
/* Answers with problem+json and the connection closed what libmicrohttpd would otherwise refuse
 * with its own fixed page, or what we refuse at the same place: 414 for a request target over
 * target_max, 400 for a target holding a space or tab, 431 for a header block over header_max,
 * 400 for an HTTP/1.1 request without Host. version is the request line's ("HTTP/1.1"). True
 * when it answered. */
bool request_edge_or_reply(struct req *r, const char *version, const struct edge_limits *lim);

#endif
