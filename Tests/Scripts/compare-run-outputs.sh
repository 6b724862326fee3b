#!/bin/bash
# Compares two run-outputs.sh outputs: every checkpoint and model file byte for byte, and the metrics
# lines and model.json with only the output folder's name, "seconds" and "samples_per_second"
# masked. Prints SAME or the differences.
A=$1; B=$2
norm() { sed -E "s#\./$(basename $3)/#./OUT/#g; s#\"(seconds|samples_per_second)\": [0-9.e+-]+#\"\1\": X#g" "$1/$2"; }
status=0
for f in $(cd "$A" && find . -type f | sort); do
  case "$f" in
    *.jsonl|*/model.json) cmp -s <(norm "$A" "$f" "$A") <(norm "$B" "$f" "$B") || { echo "differs: $f"; status=1; } ;;
    *) cmp -s "$A/$f" "$B/$f" || { echo "differs: $f"; status=1; } ;;
  esac
done
[ "$(cd "$A" && find . -type f | sort)" == "$(cd "$B" && find . -type f | sort)" ] || { echo "file lists differ"; status=1; }
[ $status == 0 ] && echo "SAME ($(cd "$A" && find . -type f | wc -l) files)"
exit $status
