/* Static files of the web UI, served from one directory. */
#ifndef MC_STATIC_FILES_H
#define MC_STATIC_FILES_H

#include "http/http.h"

/* Answers a GET for r->path from dir: "/" is index.html; paths with "..", hidden segments or
 * characters outside [A-Za-z0-9._/-] are 404; files above 8 MiB are not served. */
void static_serve(struct req *r, const char *dir);

#endif
