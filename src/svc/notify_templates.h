/* The Vietnamese templates of notifications (docs/notifications.md): defaults built into the
 * binary, each overridable by a file <data dir>/templates/notify/<event>.<channel>.txt. */
#ifndef MC_NOTIFY_TEMPLATES_H
#define MC_NOTIFY_TEMPLATES_H

#include "base/arena.h"
#include "base/base.h"
#include "domain/notify_text.h"

/* The built-in template of event (notify_event_of's names) on channel ("email": its first line is
 * the subject, then an empty line, then the body; "sms": the text). NULL for an unknown pair. */
const char *notify_default_template(const char *event, const char *channel);

/* Renders event's template on channel with vars: the data directory's file when it exists and
 * renders (an unreadable, too long or broken one is logged and the default used instead), else
 * the default. E-mail: *subject and *body; SMS: *body, *subject NULL. False only when even the
 * default does not render (a programming error, logged). Into arena a. */
bool notify_render_template(struct arena *a, const char *data_dir, const char *event,
			    const char *channel, const struct notify_var *vars, size_t n,
			    char **subject, char **body);

#endif
