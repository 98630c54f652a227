#!/bin/sh
# Renders the field app's PNG icons from its SVGs with the local Chromium (no internet needed).
# Usage: scripts/field-icons.sh   (from the repository root)
set -e
dir=$(cd "$(dirname "$0")/../webroot/field/icons" && pwd)
render() { # svg size out
  printf '<!doctype html><html><body style="margin:0;background:transparent"><img src="file://%s" width="%s" height="%s" style="display:block"></body></html>' "$1" "$2" "$2" > /tmp/gw-icon.html
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size="$2,$2" --screenshot="$3" file:///tmp/gw-icon.html 2>/dev/null
}
render "$dir/icon.svg" 192 "$dir/icon-192.png"
render "$dir/icon.svg" 512 "$dir/icon-512.png"
render "$dir/icon-maskable.svg" 512 "$dir/icon-maskable-512.png"
