#!/usr/bin/env bash
# lint.sh: the project's own rules that a compiler does not check (STYLE.md).
#  - no atoi/strtol/sprintf/strcpy/strncpy/strtok/raw malloc outside src/util/;
#  - every source file and header opens with a block comment saying what it is for;
#  - no library header included outside its *-util wrapper (include/*-util.h);
#  - no getenv outside src/cli/ and src/main.c.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
banned='\b(atoi|atol|strtol|strtoul|strtoll|strtoull|sprintf|vsprintf|strcpy|strncpy|strcat|strtok|malloc|calloc|realloc)\s*\('
hits=$(grep -rnE "$banned" src include --include='*.c' --include='*.h' | grep -v '^src/util/' |
	grep -vE '^\S+:\s*[0-9]+:\s*(/\*|\*)' || true)
if [ -n "$hits" ]; then echo "lint: banned function outside src/util/:"; echo "$hits"; fail=1; fi
for f in $(git ls-files 'src/*.c' 'src/**/*.c' 'include/*.h' 2>/dev/null || find src include -name '*.[ch]'); do
	head -c 2 "$f" | grep -q '/\*' || { echo "lint: $f does not open with a block comment"; fail=1; }
done
libs='#include <(yaml\.h|json-c/|libmount/|selinux/|augeas\.h|curl/)'
hits=$(grep -rnE "$libs" src include | grep -vE '^(include/[a-z]+-util\.h|src/util/[a-z]+-util\.c):' || true)
if [ -n "$hits" ]; then echo "lint: library header outside its wrapper:"; echo "$hits"; fail=1; fi
hits=$(grep -rn 'getenv' src include | grep -vE '^src/(cli/|main\.c)' || true)
if [ -n "$hits" ]; then echo "lint: getenv outside the CLI:"; echo "$hits"; fail=1; fi
hits=$(grep -rn '//' src include --include='*.c' --include='*.h' | grep -vE '"[^"]*//[^"]*"|://' || true)
if [ -n "$hits" ]; then echo "lint: use /* */ comments:"; echo "$hits"; fail=1; fi
[ $fail = 0 ] && echo "lint: ok"
exit $fail
