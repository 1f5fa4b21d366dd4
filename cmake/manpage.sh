#!/bin/sh
# manpage.sh BINARY OUT — writes the man page nianbao.1 from the help texts
# the binary prints (`nianbao --help`, then `nianbao COMMAND --help` for every
# command its help lists), so that the page says what --help says.  Run by
# the build (CMakeLists.txt, target nb_man); installed into share/man/man1.
set -eu
bin=$1
out=$2
tmp="$out.tmp"
# help texts are plain text: troff needs backslashes and leading dots or
# quotes escaped, and gets them unfilled (.nf) so columns stay as printed
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
version=$("$bin" --version | sed 's/^nianbao //')
main_help=$("$bin" --help)
commands=$(printf '%s\n' "$main_help" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' |
    grep -v -x -e help -e version)
{
    printf '.TH NIANBAO 1 "" "nianbao %s" "User Commands"\n' "$version"
    printf '.SH NAME\nnianbao \\- turn Chinese government annual reports on open government information into JSON records\n'
    printf '.SH SYNOPSIS\n.B nianbao\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] \\fIARGS\\fR\n'
    printf '.SH DESCRIPTION\n.nf\n'
    printf '%s\n' "$main_help" | esc
    printf '.fi\n.SH COMMANDS\n'
    for c in $commands; do
        printf '.SS %s\n.nf\n' "$c"
        "$bin" "$c" --help | esc
        printf '.fi\n'
    done
    printf '.SH SEE ALSO\nThe guides installed with the program, in \\fIshare/doc/nianbao\\fR:\n'
    printf 'README.md, and docs/record.md (every key of the record, its Chinese labels,\n'
    printf 'unit and type), docs/batch.md (the database), docs/limits.md and the others.\n'
} > "$tmp"
mv "$tmp" "$out"
