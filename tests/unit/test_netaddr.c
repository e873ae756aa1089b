/* Tests of addresses at the edge: parsing (ports, brackets, IPv4-mapped), limit keys (IPv6 by
 * /64), CIDR sets (host bits, bad elements) and the client address behind trusted proxies (the
 * right-most untrusted X-Forwarded-For hop; an untrusted peer's header ignored); IPv4 text as
 * inet_ntop writes it. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "http/netaddr.h"

static const char *text_of(const char *s)
{
	static char out[NETADDR_TEXT_MAX];
	struct netaddr a;
	if (!netaddr_parse(s, strlen(s), &a))
		return "BAD";
	netaddr_format(&a, out);
	return out;
}

static void test_parse(void **state)
{
	MC_UNUSED(state);
	assert_string_equal(text_of("192.0.2.1"), "192.0.2.1");
	assert_string_equal(text_of(" 192.0.2.1 "), "192.0.2.1");
	assert_string_equal(text_of("192.0.2.1:8080"), "192.0.2.1");
	assert_string_equal(text_of("2001:DB8:0:0::1"), "2001:db8::1");
	assert_string_equal(text_of("[2001:db8::1]"), "2001:db8::1");
	assert_string_equal(text_of("[2001:db8::1]:443"), "2001:db8::1");
	assert_string_equal(text_of("::ffff:10.1.2.3"), "10.1.2.3");
	assert_string_equal(text_of("::1"), "::1");
	static const char *const bad[] = {"", " ", "unknown", "192.0.2", "192.0.2.1:", "192.0.2.1:x",
					  "[2001:db8::1", "[2001:db8::1]x", "[2001:db8::1]:",
					  "300.1.1.1", "2001:db8::1:80:", "_hidden"};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++)
		assert_string_equal(text_of(bad[i]), "BAD");
}

static void test_key(void **state)
{
	MC_UNUSED(state);
	struct netaddr a;
	char out[NETADDR_TEXT_MAX];
	assert_true(netaddr_parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 32, &a));
	netaddr_key(&a, out);
	assert_string_equal(out, "2001:db8:1:2::/64");
	assert_true(netaddr_parse("203.0.113.9", 11, &a));
	netaddr_key(&a, out);
	assert_string_equal(out, "203.0.113.9");
}

static bool has(const struct cidr_set *s, const char *addr)
{
	struct netaddr a;
	assert_true(netaddr_parse(addr, strlen(addr), &a));
	return cidr_set_has(s, &a);
}

static void test_cidr_set(void **state)
{
	MC_UNUSED(state);
	struct cidr_set s;
	const char *bad;
	assert_true(cidr_set_parse("10.1.2.3/8, 192.0.2.7 ,2001:db8::/32,::1", &s, &bad));
	assert_int_equal(s.n, 4);
	assert_true(has(&s, "10.200.0.1"));
	assert_false(has(&s, "11.0.0.1"));
	assert_true(has(&s, "192.0.2.7"));
	assert_false(has(&s, "192.0.2.8"));
	assert_true(has(&s, "2001:db8:ffff::1"));
	assert_false(has(&s, "2001:db9::1"));
	assert_true(has(&s, "::1"));
	assert_false(has(&s, "::2"));
	assert_true(cidr_set_parse("0.0.0.0/0", &s, &bad));
	assert_true(has(&s, "8.8.8.8"));
	assert_false(has(&s, "2001:db8::1"));
	assert_true(cidr_set_parse("127.0.0.1/32,::1/128", &s, &bad));
	assert_true(has(&s, "::ffff:127.0.0.1"));
	assert_true(cidr_set_parse("::ffff:10.0.0.0/104", &s, &bad));
	assert_true(has(&s, "10.9.9.9"));
	assert_false(has(&s, "11.0.0.0"));
	assert_true(cidr_set_parse("", &s, &bad));
	assert_int_equal(s.n, 0);

	static const char *const bads[][2] = {
		{"10.0.0.0/33", "10.0.0.0/33"}, {"10.0.0.0/", "10.0.0.0/"}, {"10.0.0.0/x", "10.0.0.0/x"},
		{"10.0.0.1,,10.0.0.2", ",10.0.0.2"}, {"10.0.0.1, nope", "nope"},
		{"2001:db8::/129", "2001:db8::/129"}, {"10.0.0.1,", ""},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(bads); i++) {
		assert_false(cidr_set_parse(bads[i][0], &s, &bad));
		assert_string_equal(bad, bads[i][1]);
	}
}

static const char *client(const char *peer, const char *trusted, const char *xff)
{
	static char out[NETADDR_TEXT_MAX];
	struct cidr_set s;
	const char *bad;
	struct netaddr p, c;
	assert_true(cidr_set_parse(trusted, &s, &bad));
	assert_true(netaddr_parse(peer, strlen(peer), &p));
	netaddr_client(&p, &s, xff, &c);
	netaddr_format(&c, out);
	return out;
}

static void test_client(void **state)
{
	MC_UNUSED(state);
	/* No trusted proxy, or an untrusted peer: the header is ignored. */
	assert_string_equal(client("198.51.100.1", "", "203.0.113.5"), "198.51.100.1");
	assert_string_equal(client("198.51.100.1", "10.0.0.0/8", "203.0.113.5"), "198.51.100.1");
	/* A trusted peer: the right-most untrusted hop, whatever the client put on the left. */
	assert_string_equal(client("10.0.0.2", "10.0.0.0/8", "203.0.113.5"), "203.0.113.5");
	assert_string_equal(client("10.0.0.2", "10.0.0.0/8", "1.1.1.1, 203.0.113.5"), "203.0.113.5");
	assert_string_equal(client("10.0.0.2", "10.0.0.0/8", "6.6.6.6,203.0.113.5, 10.0.0.9"),
			    "203.0.113.5");
	assert_string_equal(client("10.0.0.2", "10.0.0.0/8", "[2001:db8::5]:4711"), "2001:db8::5");
	/* No header, an empty one, or a garbage hop: the last trusted hop read. */
	assert_string_equal(client("10.0.0.2", "10.0.0.0/8", NULL), "10.0.0.2");
	assert_string_equal(client("10.0.0.2", "10.0.0.0/8", ""), "10.0.0.2");
	assert_string_equal(client("10.0.0.2", "10.0.0.0/8", "203.0.113.5, unknown"), "10.0.0.2");
	assert_string_equal(client("10.0.0.2", "10.0.0.0/8", "unknown, 10.0.0.7"), "10.0.0.7");
	/* Every hop trusted: the left-most. */
	assert_string_equal(client("10.0.0.2", "10.0.0.0/8", "10.0.0.3, 10.0.0.4"), "10.0.0.3");
}

/* netaddr_format writes IPv4 by hand: the same text as inet_ntop for every value of each byte in
 * each place, and 100,000 random addresses. */
static void test_format_v4(void **state)
{
	MC_UNUSED(state);
	unsigned seed = 20261205;
	for (int round = 0; round < 4 * 256 + 100000; round++) {
		struct netaddr a = {.family = 4};
		if (round < 4 * 256) {
			memset(a.b, round % 3 == 0 ? 0 : 255, 4);
			a.b[round / 256] = (unsigned char)(round % 256);
		} else {
			for (int i = 0; i < 4; i++)
				a.b[i] = (unsigned char)rand_r(&seed);
		}
		char got[NETADDR_TEXT_MAX], want[INET_ADDRSTRLEN];
		memset(got, 'x', sizeof(got));
		netaddr_format(&a, got);
		assert_non_null(inet_ntop(AF_INET, a.b, want, sizeof(want)));
		assert_string_equal(got, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format_v4),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_cidr_set),
		cmocka_unit_test(test_client),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
