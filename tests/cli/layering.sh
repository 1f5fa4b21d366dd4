#!/usr/bin/env bash
# tests/cli/layering.sh BINARY SOURCE_DIR — no #include runs against the flow.
#
# Data flows one way: reader (extract/) → layout heuristics (layout/) →
# schema mapper (schemas/) → writers and driver (cmd/), all over the shared
# model (layout/model/), which includes nothing of the project but itself.
# Each folder may include only the folders listed for it below (its own
# included); the CMake libraries link in the same order.  Includes are written
# from the project root ("layout/model/grid.h"), so that a reader — and this
# script — sees which folder each comes from; a relative include ("../x.h",
# or a bare "x.h" naming a project header) fails too.
source "$(dirname "$0")/lib.bash"

# folder → the folders it may include from (besides the system and libraries)
allowed() {
    case "$1" in
        layout/model) echo "layout/model" ;;
        layout)       echo "layout layout/model" ;;
        extract)      echo "extract layout layout/model" ;;
        extract/ocr)  echo "extract/ocr extract layout layout/model" ;;
        schemas)      echo "schemas layout/model" ;;
        cmd/write)    echo "cmd/write schemas layout/model" ;;
        cmd/driver)   echo "cmd/driver extract layout layout/model schemas" ;;
        cmd/synth)    echo "cmd/synth extract layout layout/model schemas" ;;
        cmd/batch)    echo "cmd/batch cmd/driver cmd/write cmd extract layout layout/model schemas" ;;
        cmd/review)   echo "cmd/review cmd/batch cmd/driver extract layout/model schemas" ;;
        cmd)          echo "cmd cmd/batch cmd/driver cmd/review cmd/synth cmd/write extract layout layout/model schemas" ;;
        *)            echo "" ;;
    esac
}

checked=0
cd "$SRC" || exit 1
for f in layout/model/*.[ch] layout/*.[ch] extract/*.[ch] extract/ocr/*.[ch] schemas/*.[ch] cmd/*.[ch] cmd/*/*.[ch]; do
    [ -f "$f" ] || continue
    dir=${f%/*}
    ok=$(allowed "$dir")
    [ -n "$ok" ] || { fail "$f: folder $dir has no place in the layering (add it to tests/cli/layering.sh)"; continue; }
    while IFS= read -r line; do
        [[ $line =~ \"([^\"]+)\" ]] || continue
        inc=${BASH_REMATCH[1]}
        checked=$((checked + 1))
        case "$inc" in
            */*) ;;
            *) fail "$f: #include \"$inc\" is not written from the project root"; continue ;;
        esac
        case "$inc" in ../*|./*) fail "$f: #include \"$inc\" is relative"; continue ;; esac
        incdir=${inc%/*}
        [ -f "$inc" ] || { fail "$f: #include \"$inc\" names no file of the project"; continue; }
        hit=0
        for a in $ok; do [ "$incdir" = "$a" ] && hit=1; done
        [ "$hit" = 1 ] || fail "$f: #include \"$inc\" runs against the flow ($dir may include only: $ok)"
    done < <(grep -E '^[[:space:]]*#[[:space:]]*include[[:space:]]+"' "$f")
done

# docs/architecture.md lists every module: each file's stem ("html_dom"), or a
# family of them ("review_*"), appears in it
doc=$(cat docs/architecture.md)
for f in layout/model/*.[ch] layout/*.[ch] extract/*.[ch] extract/*/*.[ch] schemas/*.[ch] cmd/*.[ch] cmd/*/*.[ch]; do
    [ -f "$f" ] || continue
    stem=${f##*/}
    stem=${stem%.*}
    [[ $doc == *"$stem"* ]] && continue
    [[ $stem == *_* && $doc == *"${stem%%_*}_*"* ]] && continue
    fail "$f: module not listed in docs/architecture.md"
done

# the check itself must have something to check
[ "$checked" -gt 100 ] || fail "only $checked includes found: is SOURCE_DIR right?"
finish
