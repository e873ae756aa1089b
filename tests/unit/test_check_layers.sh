#!/bin/sh
# Tests of scripts/check-layers.sh (ctest "layers_script"): a small tree that follows every rule
# passes; each kind of breach, made one at a time in a copy of it, fails with the file, the line
# and the include named.
#
# usage: tests/unit/test_check_layers.sh [SCRIPT]   (default: scripts/check-layers.sh of this tree)
set -eu
script=${1:-"$(dirname "$0")/../../scripts/check-layers.sh"}
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-test-layers-XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

# put FILE LINE...: writes the lines into FILE under the tree being built.
put() {
	f=$1
	shift
	mkdir -p "$(dirname "$tree/$f")"
	printf '%s\n' "$@" >"$tree/$f"
}

# A tree in which every layer uses all it may (and a system header, which is not checked).
good_tree() {
	tree=$1
	put base/base.h '#include <stdint.h>'
	put base/log.c '#include "base/base.h"'
	put domain/rules.h '#include "base/base.h"' '#include "domain/other.h"'
	put domain/other.h '/* nothing */'
	put store/db.h '#include "base/base.h"' '#include "domain/rules.h"'
	put store/db.c '#include "store/db.h"'
	put render/pdf.c '#include "base/base.h"' '#include "domain/rules.h"' \
		'#include "render/pdf.h"'
	put render/pdf.h '  #  include "base/base.h"'
	put svc/svc.h '#include "store/db.h"' '#include "render/pdf.h"' '#include "domain/rules.h"'
	put svc/svc.c '#include "base/base.h"' '#include "svc/svc.h"'
	put http/http.h '#include "svc/svc.h"' '#include "domain/rules.h"' '#include "base/base.h"'
	put http/server.c '#include "http/http.h"'
	put main.c '#include "base/base.h"' '#include "http/http.h"' '#include "svc/svc.h"' \
		'#include "options.h"' '#include "domain/rules.h"'
	put options.h '#include "base/base.h"'
	put options.c '#include "options.h"' '#include "svc/svc.h"'
}

# expect NAME STATUS PATTERN: runs the check on $tree; its exit status must be STATUS and its
# output must hold PATTERN (a fixed string).
expect() {
	status=0
	out=$(sh "$script" "$tree" 2>&1) || status=$?
	if [ "$status" -ne "$2" ] || ! printf '%s\n' "$out" | grep -qF -- "$3"; then
		echo "FAIL $1: exit $status (want $2), output:"
		printf '%s\n' "$out" | sed 's/^/    /'
		echo "    (wanted to see: $3)"
		failures=$((failures + 1))
	else
		echo "ok   $1"
	fi
}

# breach NAME FILE LINE PATTERN: a copy of the good tree, FILE with LINE appended, must fail
# naming PATTERN.
n=0
breach() {
	n=$((n + 1))
	tree="$work/breach$n"
	cp -R "$work/good" "$tree"
	mkdir -p "$(dirname "$tree/$2")"
	printf '%s\n' "$3" >>"$tree/$2"
	expect "$1" 1 "$4"
}

good_tree "$work/good"
tree="$work/good"
expect "a tree that follows the rules passes" 0 "every include follows the rules"

breach "base includes domain" base/log.c '#include "domain/rules.h"' \
	'base/log.c:2: includes "domain/rules.h": base/ may include only base'
breach "domain includes store" domain/rules.h '#include "store/db.h"' \
	'domain/rules.h:3: includes "store/db.h"'
breach "store includes svc" store/db.c '#include "svc/svc.h"' 'store/db.c:2: includes "svc/svc.h"'
breach "store includes render" store/db.h '#include "render/pdf.h"' \
	'store/db.h:3: includes "render/pdf.h"'
breach "render includes store" render/pdf.h '#include "store/db.h"' \
	'render/pdf.h:2: includes "store/db.h": render/ may include only base, domain, render'
breach "svc includes http" svc/svc.c '#include "http/http.h"' 'svc/svc.c:3: includes "http/http.h"'
breach "http includes store" http/server.c '#include "store/db.h"' \
	'http/server.c:2: includes "store/db.h": http/ may include only base, domain, svc, http'
breach "http includes render" http/http.h '  # include "render/pdf.h"' \
	'http/http.h:4: includes "render/pdf.h"'
breach "svc includes options" svc/svc.c '#include "options.h"' 'svc/svc.c:3: includes "options.h"'
breach "main includes store" main.c '#include "store/db.h"' \
	'main.c:6: includes "store/db.h": main.c and options.* may include only base, domain, svc,'
breach "options includes render" options.h '#include "render/pdf.h"' \
	'options.h:2: includes "render/pdf.h"'
breach "a header of no layer" svc/svc.c '#include "util.h"' 'svc/svc.c:3: includes "util.h"'
breach "a .c outside the layers" util.c '#include "base/base.h"' 'util.c: outside the layers'
breach "a .h in a directory of no layer" lib/x.h '/* empty */' 'lib/x.h: outside the layers'

n=$((n + 1))
tree="$work/breach$n"
cp -R "$work/good" "$tree"
put svc/auth.h '#include "svc/svc.h"'
put svc/svc.c '#include "base/base.h"' '#include "svc/auth.h"'
expect "two svc modules in a cycle" 1 'modules that include each other (a cycle): svc/auth svc/svc'
n=$((n + 1))
tree="$work/breach$n"
cp -R "$work/good" "$tree"
put svc/svc_internal.h '#include "svc/svc.h"'
put svc/svc.c '#include "svc/svc_internal.h"'
expect "a module's internal header is the module" 0 "every include follows the rules"

tree="$work/breach1"
expect "every breach is counted" 1 "layers: 1 violation(s)"
tree="$work/absent"
expect "no such directory" 2 "is not a directory"

if [ "$failures" -ne 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all checks passed"
