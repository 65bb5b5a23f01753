#!/usr/bin/env bash
# Build the wheel and the sdist, install each into a fresh venv and use dtr from another
# folder as a new user would: --version, templates list, a kick-off from an answers file.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python="${PYTHON:-python3}"

"$python" -m venv "$work/build-env"
"$work/build-env/bin/pip" install -q build
"$work/build-env/bin/python" -m build -q --outdir "$work/dist" "$root" >/dev/null

# The licence travels with both archives.
wheel_files=$("$python" -m zipfile -l "$work"/dist/*.whl)
grep -q 'dist-info/licenses/LICENSE ' <<<"$wheel_files" || { echo "wheel: no LICENSE"; exit 1; }
sdist_files=$(tar -tzf "$work"/dist/*.tar.gz)
grep -q '^[^/]*/LICENSE$' <<<"$sdist_files" || { echo "sdist: no LICENSE"; exit 1; }
ls "$work"/dist/dtrcli-*.whl >/dev/null || { echo "the distribution is not named dtrcli"; exit 1; }

for artifact in "$work"/dist/*.whl "$work"/dist/*.tar.gz; do
  kind=$(basename "$artifact")
  venv="$work/venv-${kind%%.*}-$RANDOM"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q "$artifact"
  home="$work/home-$RANDOM"
  cd "$work"
  "$venv/bin/dtr" --version
  "$venv/bin/dtr" templates list | grep -q '^kickoff' || { echo "$kind: no kickoff template"; exit 1; }
  "$venv/bin/dtr" templates list | grep -q '^exit' || { echo "$kind: no exit template"; exit 1; }
  note=$(printf 'meeting_time: Tue 18:00\nchannel: Slack\n' \
    | DTR_HOME="$home" "$venv/bin/dtr" kickoff "Alice Smith" --new --answers -)
  grep -q 'Tue 18:00' "$note" || { echo "$kind: note lacks the answer"; exit 1; }
  # The quick note's template travels with the package too.
  quick=$(printf 'A quiet week\n' | DTR_HOME="$home" "$venv/bin/dtr" note "Alice Smith")
  grep -q 'A quiet week' "$quick" || { echo "$kind: the quick note lacks its text"; exit 1; }
  # The program presets travel with the package.
  DTR_HOME="$home" "$venv/bin/dtr" mentee add bo --program BE --module 2 --start 2026-11-30 >/dev/null
  listed=$(DTR_HOME="$home" "$venv/bin/dtr" mentee dates bo)
  grep -q 'Mid-module assessment  (preset BE module 2)' <<<"$listed" \
    || { echo "$kind: no program presets"; exit 1; }
  echo "$kind: ok ($note)"
done
