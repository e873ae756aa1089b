#!/bin/sh
# The layer check of `make test` (ctest "layers"; docs/architecture.md has the table): every .c and
# .h of src/ belongs to a layer, and includes ("layer/...") only headers of the layers it may use:
#
#   base    base                        render  base domain render
#   domain  base domain                 svc     base domain store render svc
#   store   base domain store           http    base domain svc http
#   src/main.c, src/options.*           base domain svc http options
#
# Only direct includes are checked (a header's own includes are checked in that header); system
# headers (<...>) are not. tests/ and bench/ are exempt. Modules (a .c with its .h) must not
# include each other in a cycle, in any layer.
#
# usage: scripts/check-layers.sh [SRC]   (default: the src/ beside this script)
# Exits 0 when the tree follows the rules; 1 naming each file and include that does not; 2 when
# SRC is not a directory.
set -eu
src=${1:-"$(dirname "$0")/../src"}
if [ ! -d "$src" ]; then
	echo "check-layers: $src is not a directory" >&2
	exit 2
fi
cd "$src"

files=$(find . -type f \( -name '*.c' -o -name '*.h' \) | sed 's|^\./||' | LC_ALL=C sort)
bad=0
for f in $files; do
	case "$f" in
	base/* | domain/* | store/* | render/* | svc/* | http/* | main.c | options.c | options.h) ;;
	*)
		echo "$f: outside the layers: a source file of src/ lives in base/, domain/," \
			"store/, render/, svc/ or http/ (or is main.c, options.c, options.h)"
		bad=$((bad + 1))
		;;
	esac
done
if [ -n "$(find . -type f \( -name '*.c' -o -name '*.h' \) -name '*[[:space:]]*')" ]; then
	echo "a file name of src/ holds white space: not checked"
	bad=$((bad + 1))
fi

n=$(printf '%s\n' "$files" | grep -c . || true)
[ "$n" -gt 0 ] || { echo "layers: no .c or .h file under $src"; exit 1; }

# shellcheck disable=SC2086 # the names hold no white space (checked above)
status=0
awk -v bad="$bad" -v nfiles="$n" -v where="$src" '
BEGIN {
	may["base"] = " base "
	may["domain"] = " base domain "
	may["store"] = " base domain store "
	may["render"] = " base domain render "
	may["svc"] = " base domain store render svc "
	may["http"] = " base domain svc http "
	may["main"] = " base domain svc http options "
}
FNR == 1 {
	file = FILENAME
	if (file == "main.c" || file == "options.c" || file == "options.h")
		layer = "main"
	else if (index(file, "/"))
		layer = substr(file, 1, index(file, "/") - 1)
	else
		layer = ""
	if (!(layer in may))
		layer = "" # reported above
}
layer != "" && /^[ \t]*#[ \t]*include[ \t]*"/ {
	inc = $0
	sub(/^[ \t]*#[ \t]*include[ \t]*"/, "", inc)
	sub(/".*$/, "", inc)
	if (index(inc, "/"))
		target = substr(inc, 1, index(inc, "/") - 1)
	else if (inc == "options.h")
		target = "options"
	else
		target = "(none)"
	if (index(may[layer], " " target " ") == 0) {
		who = layer == "main" ? "main.c and options.*" : layer "/"
		list = may[layer]
		gsub(/^ | $/, "", list)
		gsub(/ /, ", ", list)
		printf "%s:%d: includes \"%s\": %s may include only %s\n", file, FNR, inc, who, list
		bad++
	}
}
END {
	if (bad) {
		printf "layers: %d violation(s) in %d files of %s\n", bad, nfiles, where
		exit 1
	}
	printf "layers: %d files of %s, every include follows the rules\n", nfiles, where
}
' $files || status=$?

# No cycle between modules: a module is a .c and its .h (and its x_internal.h); "a includes b"
# makes an edge a -> b, and tsort(1) names the modules of a loop.
# shellcheck disable=SC2086
loops=$(awk '/^[ \t]*#[ \t]*include[ \t]*"[a-z]+\// {
	inc = $0
	sub(/^[ \t]*#[ \t]*include[ \t]*"/, "", inc)
	sub(/".*$/, "", inc)
	from = FILENAME
	sub(/\.[ch]$/, "", from); sub(/_internal$/, "", from)
	sub(/\.h$/, "", inc); sub(/_internal$/, "", inc)
	if (from != inc)
		print from, inc
}' $files | tsort 2>&1 >/dev/null | sed -n 's/^tsort: \([a-z][a-z_]*\/[a-z0-9_]*\)$/\1/p' | tr '\n' ' ')
if [ -n "$loops" ]; then
	echo "layers: modules that include each other (a cycle): $loops"
	status=1
fi
exit "$status"
