# roundtrip.bash — the one driver of the synthetic round trips, sourced after
# lib.bash: `nianbao synth` writes a document and the record it states,
# `nianbao convert` reads the document back, tests/recordcmp.py compares the
# two (the options of each script say how strictly).
#
# rt_synth FORMAT NAME [SYNTH ARGS...]
#   writes $T/NAME.<ext> and its record $T/NAME.json and sets RT_DOC to the
#   document; on failure counts a FAIL and returns 1.
# rt_convert EXPECTED DOC NAME LIST [CONVERT ARGS...]
#   converts DOC into $T/NAME.got and adds "EXPECTED GOT NAME" to LIST (with
#   --strict, the exit code too, which may then be 0 or 6); a conversion that
#   fails counts a FAIL and returns 1.
# rt_compare LIST [RECORDCMP ARGS...]
#   compares every pair of LIST; returns recordcmp's status (FAIL when LIST is
#   empty: a round trip that converted nothing tests nothing).

rt_synth() {
    local format=$1 name=$2 ext
    shift 2
    case $format in
        pdf) ext=pdf ;;
        html) ext=html ;;
        scan) ext=tif ;;
        *) ext=txt ;;
    esac
    RT_DOC=$T/$name.$ext
    if ! "$BIN" synth --format "$format" "$@" -o "$RT_DOC" --expected "$T/$name.json" 2>"$T/err"; then
        fail "synth $format $name $*: $(cat "$T/err")"
        return 1
    fi
}

rt_convert() {
    local exp=$1 doc=$2 name=$3 list=$4 strict=0 rc
    shift 4
    for a in "$@"; do [ "$a" = --strict ] && strict=1; done
    "$BIN" convert "$@" "$doc" >"$T/$name.got" 2>"$T/err"
    rc=$?
    if [ $rc -ne 0 ] && ! { [ $strict = 1 ] && [ $rc -eq 6 ]; }; then
        fail "convert $name (exit $rc): $(cat "$T/err")"
        return 1
    fi
    if [ $strict = 1 ]; then
        echo "$exp $T/$name.got $name $rc" >>"$list"
    else
        echo "$exp $T/$name.got $name" >>"$list"
    fi
}

rt_compare() {
    local list=$1
    shift
    [ -s "$list" ] || { fail "no document converted for $(basename "$list")"; return 1; }
    python3 "$SRC/tests/recordcmp.py" "$@" --list "$list"
}

# rt_synth_set FORMAT DIR [SYNTH ARGS...]
#   writes a set of documents with their records into DIR (synth --out-dir);
#   on failure counts a FAIL and returns 1.
rt_synth_set() {
    local format=$1 dir=$2
    shift 2
    if ! "$BIN" synth --format "$format" --out-dir "$dir" "$@" 2>"$T/err"; then
        fail "synth $format $*: $(cat "$T/err")"
        return 1
    fi
}

# rt_convert_set LIST DOC...
#   converts every DOC (four at a time: each run is independent) into
#   DOC.got beside it and adds "DOC.json DOC.got NAME" to LIST; a conversion
#   that fails counts a FAIL (and leaves an empty output the comparison names).
rt_convert_set() {
    local list=$1 d
    shift
    printf '%s\0' "$@" |
        BIN=$BIN xargs -0 -P 4 -I{} sh -c 'd={}; "$BIN" convert "$d" >"${d%.*}.got" 2>"${d%.*}.err" ||
            echo "convert $d: $(cat "${d%.*}.err")"' >"$T/convert.log"
    [ -s "$T/convert.log" ] && fail "$(cat "$T/convert.log")"
    for d in "$@"; do
        echo "${d%.*}.json ${d%.*}.got $(basename "$(dirname "$d")")-$(basename "${d%.*}")" >>"$list"
    done
}

# rt_score_set LIST NAME MIN_RIGHT
#   grades every pair of LIST with recordcmp.py --score and prints its
#   summary line; FAILs on any silent error, or when under MIN_RIGHT percent
#   of the fields are right.
rt_score_set() {
    local list=$1 name=$2 min=$3 line silent right
    line=$(python3 "$SRC/tests/recordcmp.py" --score --list "$list" --label "$name" \
        --max-silent 100000 | tail -1)
    echo "$line"
    silent=$(echo "$line" | sed -n 's/.* silent \([0-9]*\) .*/\1/p')
    right=$(echo "$line" | sed -n 's/.*(\([0-9.]*\) %).*/\1/p')
    [ "${silent:-1}" = 0 ] || fail "$name: ${silent:-?} silent errors"
    python3 -c "import sys; sys.exit(0 if float('${right:-0}') >= $min else 1)" ||
        fail "$name: $right % right, under $min %"
}

# rt_variant_sets FORMAT FIRST_SEED COUNT
#   for both templates, plain, --mangle and --break-rule: COUNT documents of
#   FORMAT each in $T/<template>-<variant>/ (seeds from FIRST_SEED + 1000, a
#   thousand apart per set); prints nothing, FAILs on a synth that fails.
rt_variant_sets() {
    local format=$1 seed=$2 count=$3 tmpl variant flags
    for tmpl in 2019 2021; do
        for variant in plain mangle broken; do
            flags=()
            [ "$variant" = mangle ] && flags=(--mangle)
            [ "$variant" = broken ] && flags=(--break-rule)
            seed=$((seed + 1000))
            rt_synth_set "$format" "$T/$tmpl-$variant" --template "$tmpl" "${flags[@]}" \
                --seed "$seed" --count "$count"
        done
    done
}

# rt_exact_sets FORMAT FIRST_SEED
#   the variant sets of FORMAT (rt_variant_sets, $SEEDS documents each),
#   converted and compared exactly: every value, no invented value, meta,
#   sections, no warning, exactly the record's checks (by path).  Sets
#   RT_CASES to the number of documents and RT_ONE to a plain 2021 one.
rt_exact_sets() {
    local format=$1 seed=$2 docs
    rt_variant_sets "$format" "$seed" "$SEEDS"
    docs=("$T"/*/*."$format")
    RT_CASES=${#docs[@]}
    rt_convert_set "$T/list" "${docs[@]}"
    rt_compare "$T/list" --label "$format round trip" --min-nonzero 40 --exact-warnings \
        --checks paths || fail "$format round trip"
    RT_ONE=$(ls "$T"/2021-plain/*."$format" | head -1)
}

# rt_provenance DOC LABEL PYTHON
#   converts DOC with --provenance and runs the PYTHON statements with `p`,
#   the provenance object, and `cells`, the provenance of every
#   applications.* value (more than 50 of them asserted); FAILs with LABEL
#   when an assertion fails.
rt_provenance() {
    "$BIN" convert --provenance "$1" | python3 -c '
import json, sys
p = json.load(sys.stdin)["provenance"]
cells = [v for k, v in p.items() if k.startswith("applications.")]
assert len(cells) > 50, len(cells)
exec(sys.argv[1])
' "$3" || fail "$2"
}
