/* Notifications to citizens, the pure part (docs/notifications.md): which dossier change tells
 * the applicant what (an event name), the rendering of a template's {placeholders}, and the
 * masking of a recipient shown in the API. No I/O. */
#ifndef MC_DOMAIN_NOTIFY_TEXT_H
#define MC_DOMAIN_NOTIFY_TEXT_H

#include "base/arena.h"
#include "base/base.h"

#define NOTIFY_TEMPLATE_MAX 8192 /* bytes of one template file */
#define NOTIFY_SUBJECT_CHARS 200 /* bytes of an e-mail's subject line, rendered */

/* The notification event of a dossier history record: "received" (intake at a counter or by post,
 * receive), "completion" (request-completion), "supplement" (request-supplement), "extended",
 * "ready" (decide), "returned", "refused"; NULL for the others. Pure. */
const char *notify_event_of(const char *action, const char *to);

struct notify_var {
	const char *name;  /* without braces */
	const char *value; /* NULL: "" */
};

/* Renders tpl, replacing each {name} by its value from vars (n of them), into arena a. NULL when
 * tpl names a placeholder that vars does not hold, or has a '{' without its '}': the caller
 * falls back to its default template. "{{" is a literal '{'. */
char *notify_render(struct arena *a, const char *tpl, const struct notify_var *vars, size_t n);

/* The recipient as the API shows it: an e-mail address keeps the first character of its local
 * part and the whole domain (n***@gmail.com); a phone number keeps its first two and last four
 * digits (09****5678). Into arena a. */
char *notify_mask(struct arena *a, const char *channel, const char *recipient);

#endif
