/* Tests of the one encoding of hashed history (domain/digest.h) with fixed vectors. The audit
 * chains and reorganization checksums already stored were hashed with these bytes: if a vector
 * here changes, existing chains stop verifying. The vectors were computed independently, by
 * Python's hashlib.blake2b over the encoding written out by hand (big-endian u64 integers, a text
 * as its u64 length and bytes, NULL as UINT64_MAX), and the audit one also by the code before
 * this module existed. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/digest.h"
#include "svc/audit.h"

static void expect_hex(const unsigned char *h, size_t n, const char *want)
{
	char hex[2 * 64 + 1];
	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	assert_string_equal(hex, want);
}

static void test_primitives(void **state)
{
	MC_UNUSED(state);
	static const unsigned char ab[3] = {0xAB, 0xAB, 0xAB};
	unsigned char out[32];
	struct digest d;
	digest_init(&d, sizeof(out));
	digest_u64(&d, 1);
	digest_i64(&d, -1);
	digest_str(&d, "");
	digest_str(&d, NULL);
	digest_str(&d, "Hà Nội");
	digest_bytes(&d, ab, sizeof(ab));
	digest_final(&d, out);
	expect_hex(out, sizeof(out), "ceafbc4da51781b23edb54411f89969dacfe69e0c773ca9cd37e4d7d133c5e5e");
}

static void test_audit_event(void **state)
{
	MC_UNUSED(state);
	struct audit_row r = {.id = 7, .at = 1795000000, .actor = "admin", .unit = NULL,
			      .action = "create_staff", .entity = "staff:1",
			      .detail = "{\"full_name\":\"Nguyễn Thị Mai\"}"};
	unsigned char h[AUDIT_HASH_LEN];
	for (int i = 0; i < AUDIT_HASH_LEN; i++)
		r.prev_hash[i] = (unsigned char)i;
	digest_audit_event(&r, h);
	expect_hex(h, sizeof(h), "4a6413a565a8d900903d480ec06d2aa8d6d5d31fbebe27415868930062d2d56c");
	audit_hash(&r, h); /* what the chain appends and verifies with */
	expect_hex(h, sizeof(h), "4a6413a565a8d900903d480ec06d2aa8d6d5d31fbebe27415868930062d2d56c");
}

static void test_reorg_checksum(void **state)
{
	MC_UNUSED(state);
	static const char *const e1[] = {"receive", "tiepnhan.hoankiem", "001.01.50.H26", NULL,
					 "received", "{}"};
	static const char *const e2[] = {"transfer",   "xuly.hoankiem",     "001.00.50.H26",
					 "received",   "processing", "{\"note\":\"chuyển\"}"};
	static const unsigned char gone[32]; /* a dossier no longer found */
	unsigned char dossier[32], checksum[32];
	struct digest d;
	digest_dossier(&d, sizeof(dossier), "001.01.50.H26-261126-0001", 1795000000, 1795000060,
		       1795600000);
	digest_dossier_event(&d, 1, 1795000060, e1, MC_ARRAY_LEN(e1));
	digest_dossier_event(&d, 2, 1795003600, e2, MC_ARRAY_LEN(e2));
	digest_final(&d, dossier);
	expect_hex(dossier, sizeof(dossier),
		   "14ba779246eacfbbf1f90c76cfdbe04d0fb5859df8af75000a500e5723343956");
	digest_init(&d, sizeof(checksum));
	digest_fold(&d, "001.01.50.H26-261126-0001", dossier, sizeof(dossier));
	digest_fold(&d, "002.01.50.H26-261126-0002", gone, sizeof(gone));
	digest_final(&d, checksum);
	expect_hex(checksum, sizeof(checksum),
		   "116bfd0038c7d951380a7ec2c5434c37d1c1d48150e453b635ebf28cae69bf8f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primitives),
		cmocka_unit_test(test_audit_event),
		cmocka_unit_test(test_reorg_checksum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
