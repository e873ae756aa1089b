/* Statistics use cases: who may see what (staff: the dossiers of the units they cover, as for
 * lists; administrators: all) and the names of group keys. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"

#include "store/unit_store.h"
#include "svc/scope.h"
#include "svc/perm.h"
#include "svc/reports.h"
#include "store/report_store.h"

enum mc_err reports_group_parse(const char *s, enum report_group *out)
{
	static const struct {
		const char *name;
		enum report_group g;
	} map[] = {{"receiving_unit", RG_RECEIVING_UNIT},
		   {"resolver_unit", RG_RESOLVER_UNIT},
		   {"procedure", RG_PROCEDURE},
		   {"officer", RG_OFFICER}};
	for (size_t i = 0; i < MC_ARRAY_LEN(map); i++)
		if (s && !strcmp(s, map[i].name)) {
			*out = map[i].g;
			return MC_OK;
		}
	return MC_EINVAL;
}

enum mc_err reports_summary(struct svc_ctx *ctx, enum report_group g, int64_t from, int64_t to,
			    void (*fn)(const struct report_row *r, void *arg), void *arg)
{
	const char *units = NULL;
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_has_role(ctx->user, "citizen") && ctx->user->nroles == 1)
		return MC_EFORBIDDEN;
	if (!perm_has_role(ctx->user, "admin")) {
		char(*codes)[UNIT_CODE_MAX];
		size_t n = 0;
		enum mc_err err = scope_units(ctx, NULL, NULL, &codes, &n);
		if (err)
			return err;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_string(codes[i]));
		char *text = json_dumps(arr, JSON_COMPACT);
		json_decref(arr);
		units = arena_strdup(ctx->arena, text);
		free(text);
	}
	/* City-wide and whole days (from a midnight, to the end of a day or now): the day cells. A
	 * scope that covers every receiving unit (the Center's manager once every point is under the
	 * Center) involves every dossier: it is city-wide too. */
	bool whole_days = civil_local_secs(from) == 0 &&
			  (civil_local_secs(to) == CIVIL_DAY - 1 || to >= ctx->now);
	bool city_wide = !units;
	if (units && whole_days) {
		enum mc_err err = rstore_covers_all_receiving(ctx->db, units, &city_wide);
		if (err)
			return err;
	}
	if (city_wide && whole_days && from <= to)
		return rstore_summary_cells(ctx->db, g, civil_local_day(from), civil_local_day(to),
					    to, fn, arg);
	return rstore_summary(ctx->db, g, from, to, units, fn, arg);
}

const char *reports_key_name(struct svc_ctx *ctx, enum report_group g, const struct report_row *r)
{
	struct unit u;
	if ((g == RG_RECEIVING_UNIT || g == RG_RESOLVER_UNIT) && r->key &&
	    ustore_get(ctx->db, r->key, ctx->now, &u) == MC_OK)
		return arena_strdup(ctx->arena, u.name);
	return r->name ? arena_strdup(ctx->arena, r->name) : "";
}
