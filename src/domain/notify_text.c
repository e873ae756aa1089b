/* Notification events, template rendering and recipient masking (notify_text.h). What a template
 * says and where it comes from is svc/notify.c's business. */
#include "base/base.h"

#include "base/buf.h"
#include "domain/notify_text.h"

const char *notify_event_of(const char *action, const char *to)
{
	static const struct {
		const char *action, *event;
	} map[] = {
		{"receive", "received"},        {"request-completion", "completion"},
		{"request-supplement", "supplement"}, {"extend", "extended"},
		{"decide", "ready"},            {"return", "returned"},
		{"refuse", "refused"},
	};
	if (!action)
		return NULL;
	/* A counter or post intake is received at once; an online submission is not yet. */
	if (!strcmp(action, "intake"))
		return to && !strcmp(to, "received") ? "received" : NULL;
	for (size_t i = 0; i < MC_ARRAY_LEN(map); i++)
		if (!strcmp(action, map[i].action))
			return map[i].event;
	return NULL;
}

static const struct notify_var *find_var(const struct notify_var *vars, size_t n,
					 const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(vars[i].name) == len && !memcmp(vars[i].name, name, len))
			return &vars[i];
	return NULL;
}

char *notify_render(struct arena *a, const char *tpl, const struct notify_var *vars, size_t n)
{
	struct buf out;
	buf_init(&out, 4 * NOTIFY_TEMPLATE_MAX + 65536);
	bool ok = true;
	for (const char *p = tpl; ok && *p;) {
		if (p[0] == '{' && p[1] == '{') {
			ok = buf_append(&out, "{", 1) == MC_OK;
			p += 2;
			continue;
		}
		if (*p != '{') {
			size_t k = strcspn(p, "{");
			ok = buf_append(&out, p, k) == MC_OK;
			p += k;
			continue;
		}
		const char *end = strchr(p, '}');
		const struct notify_var *v = end ? find_var(vars, n, p + 1, (size_t)(end - p - 1)) : NULL;
		if (!v) {
			ok = false;
			break;
		}
		const char *val = v->value ? v->value : "";
		ok = buf_append(&out, val, strlen(val)) == MC_OK;
		p = end + 1;
	}
	char *s = ok ? arena_strndup(a, out.data ? out.data : "", out.len) : NULL;
	buf_release(&out);
	return s;
}

char *notify_mask(struct arena *a, const char *channel, const char *recipient)
{
	size_t len = strlen(recipient);
	if (!strcmp(channel, "email")) {
		const char *at = strrchr(recipient, '@');
		if (!at || at == recipient)
			return arena_strdup(a, "***");
		return arena_printf(a, "%.1s***%s", recipient, at);
	}
	if (len <= 6)
		return arena_strdup(a, "******");
	char *s = arena_strdup(a, recipient);
	for (size_t i = 2; i + 4 < len; i++)
		s[i] = '*';
	return s;
}
