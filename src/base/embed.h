/* Files built into the binary (migrations, seed data): see cmake/embed.cmake. */
#ifndef MC_EMBED_H
#define MC_EMBED_H

#include <stddef.h>

struct embed_file {
	const char *name;          /* e.g. "sql/sqlite/0001_init.sql", "data/hanoi_communes.csv" */
	const unsigned char *data; /* NUL-terminated for convenience; size excludes the NUL */
	size_t size;
};

/* Ends with an entry whose name is NULL. */
extern const struct embed_file embed_files[];

/* Finds an embedded file by name; NULL when absent. */
const struct embed_file *embed_find(const char *name);

#endif
