/* CSV import of the registers (`motcua import staff|assets|records FILE`): every line is checked
 * with the same rules as the API, plus duplicates inside the file; when any line is bad nothing
 * is imported, otherwise every line is, in one transaction with one audit event.
 *
 * Files are UTF-8 (an optional BOM), comma separated, with a header naming the columns (any
 * order; fields may be quoted with "", and "" inside quotes is a quote):
 *   staff:   full_name, id_number, position, unit[, counter]
 *   assets:  inventory_code, name, category, quantity, original_value, remaining_value, unit
 *            [, condition]
 *   records: unit, box, file, title, year, sheets[, retention] */
#ifndef MC_IMPORT_H
#define MC_IMPORT_H

#include "svc/svc.h"

#define IMPORT_MAX_BYTES (64u << 20)
#define IMPORT_MAX_ROWS 200000

/* Called for each error: line number (1 = the header), field (a column name, or "" for the
 * line), message. */
typedef void (*import_report_fn)(size_t line, const char *field, const char *message, void *arg);

/* Imports text as `kind` ("staff", "assets" or "records"). *imported gets the rows written (0 when
 * any error was reported) and *errors the errors. MC_EINVAL when a line is bad or the kind is
 * unknown; MC_EDB when the database fails. ctx->user may be NULL (the command line). */
enum mc_err import_csv(struct svc_ctx *ctx, const char *kind, const char *text, size_t len,
		       import_report_fn report, void *arg, size_t *imported, size_t *errors);

#endif
