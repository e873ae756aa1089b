/* The national portal sync's pure rules (docs/portal.md): which of our statuses is which of the
 * portal's dossier statuses, which events are sent to the portal, and what an acknowledgement's
 * receipt may be. No I/O. */
#ifndef MC_PORTAL_H
#define MC_PORTAL_H

#include "base/base.h"

#define PORTAL_RECEIPT_MAX 128 /* bytes of the portal's receipt id */
#define PORTAL_AGENCY_MAX 64   /* bytes of our agency code at the portal */

/* The portal's status for one of ours (ds_status_name spelling), as docs/portal.md's table says;
 * NULL for NULL or an unknown name. */
const char *portal_status_of(const char *status);
/* True for the events the portal is sent: a dossier's creation and its status changes. */
bool portal_event_sent(const char *event);
/* A receipt the portal may give: 1 to PORTAL_RECEIPT_MAX printable ASCII characters. */
bool portal_receipt_ok(const char *s);
/* An agency code: 1 to PORTAL_AGENCY_MAX characters of [A-Za-z0-9._-]. */
bool portal_agency_ok(const char *s);

#endif
