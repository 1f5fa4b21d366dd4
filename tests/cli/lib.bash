# lib.bash — the common start of the CLI test scripts, which run as
#   bash SCRIPT BINARY SOURCE_DIR
# Sourced, it sets BIN and SRC, a scratch directory $T removed at exit,
# fail MESSAGE (prints a FAIL line and counts it in $fails) and finish
# (prints "ok" and exits 0 when nothing failed, else exits 1).
BIN=${1:?usage: bash SCRIPT BINARY SOURCE_DIR}
SRC=${2:?usage: bash SCRIPT BINARY SOURCE_DIR}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
finish() {
    [ "$fails" = 0 ] && echo "ok" && exit 0
    exit 1
}
