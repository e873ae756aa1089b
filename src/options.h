/* The options of the motcua command: flags and their MOTCUA_* variables (flags win), parsed into
 * the configuration of each layer, and the help text. */
#ifndef MC_OPTIONS_H
#define MC_OPTIONS_H

#include "base/base.h"
#include "http/server.h"
#include "svc/svc.h"

struct options {
	const char *test_clock; /* --test-clock TIME / MOTCUA_TEST_CLOCK: every command's "now" */
	int64_t now;            /* the command's "now": the test clock, else the wall clock */
	const char *data_dir;
	const char *listen;
	const char *database;
	const char *public_url;
	const char *web_dir;
	bool secure_cookies; /* --secure-cookies / MOTCUA_SECURE_COOKIES */
	bool threads_given;  /* --threads / MOTCUA_THREADS was set (else the default for the engine) */
	struct server_config server;
	struct svc_config svc;
};

/* Prints the help. */
void options_usage(FILE *f);

/* Reads MOTCUA_* variables first, then the flags from argv[start] (which win), then what follows
 * from both (Secure cookies for an https public URL, the metrics token). Returns the index of the
 * first non-option argument, or -1 after printing an error. */
int options_parse(struct options *o, int argc, char **argv, int start);
/* A decimal number 0..max. */
bool options_u64(const char *s, uint64_t max, uint64_t *out);

#endif
