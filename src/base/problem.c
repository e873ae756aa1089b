/* Collection of field errors (see problem.h). */
#include "base/base.h"

#include "base/problem.h"

void problem_init(struct problem *p, struct arena *a)
{
	memset(p, 0, sizeof(*p));
	p->arena = a;
}

void problem_add(struct problem *p, const char *field, const char *message, const char *message_vi)
{
	p->n++;
	if (p->n > PROBLEM_MAX_ERRORS)
		return;
	struct field_error *e = arena_alloc(p->arena, sizeof(*e));
	e->field = arena_strdup(p->arena, field ? field : "");
	e->message = arena_strdup(p->arena, message);
	e->message_vi = arena_strdup(p->arena, message_vi);
	if (p->tail)
		p->tail->next = e;
	else
		p->head = e;
	p->tail = e;
}

void problem_addf(struct problem *p, const char *prefix, const char *name, const char *message,
		  const char *message_vi)
{
	if (prefix && *prefix) {
		char *field = arena_printf(p->arena, "%s.%s", prefix, name);
		problem_add(p, field, message, message_vi);
	} else {
		problem_add(p, name, message, message_vi);
	}
}

void problem_detail(struct problem *p, const char *detail, const char *detail_vi)
{
	p->detail = detail ? arena_strdup(p->arena, detail) : NULL;
	p->detail_vi = detail_vi ? arena_strdup(p->arena, detail_vi) : NULL;
}

void problem_mark(const struct problem *p, struct problem_mark *m)
{
	*m = p ? (struct problem_mark){p->tail, p->n, p->detail, p->detail_vi}
	       : (struct problem_mark){NULL, 0, NULL, NULL};
}

void problem_rewind(struct problem *p, const struct problem_mark *m)
{
	if (!p)
		return;
	p->tail = m->tail;
	if (m->tail)
		m->tail->next = NULL;
	else
		p->head = NULL;
	p->n = m->n;
	p->detail = m->detail;
	p->detail_vi = m->detail_vi;
}
