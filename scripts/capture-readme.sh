#!/usr/bin/env bash
# The README's capture of the console (assets/screen.txt): a secret-leak
# incident a moment in, three responders at work, a log with a token and a
# secret in it, at 80x24 in tmux, times in UTC.
# Usage: scripts/capture-readme.sh   (needs tmux; builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/warroom
tmp=$(mktemp -d)
trap 'tmux kill-session -t warroom-capture 2>/dev/null || true; rm -rf "$tmp"' EXIT
export WARROOM_DB=$tmp/w.db XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state
log=$tmp/nanoclaw.log
cat >"$log" <<'EOF'
Nov 23 03:10:01 web-1 nanoclaw[812]: 401 auth denied x47 in 60s from 203.0.113.7
Nov 23 03:10:02 web-1 nanoclaw[812]: cockpit login with token=ghp_R8x2kLm9Qw3Zt5Yv7Bn1Cd4Fg6Hj0Kp2Ms8A
Nov 23 03:10:04 web-1 nanoclaw[812]: OS_HASH_SECRET=9f2c4e7a1b3d5f6e8a0c2e4f6a8b0d1c3e5f7a9b
EOF
"$bin" declare secret-leak --title "GitHub token in CI logs" >/dev/null
"$bin" --as alice step INC-1 assess-scope done >/dev/null
"$bin" --as bob answer INC-1 github-token-leaked yes >/dev/null
"$bin" --as bob answer INC-1 worker-secret-leaked no >/dev/null
"$bin" --as carol step INC-1 revoke-github-token start >/dev/null
"$bin" --as bob set-status INC-1 investigating >/dev/null
"$bin" --as alice role INC-1 commander >/dev/null
tmux new-session -d -s warroom-capture -x 80 -y 24 \
    "env WARROOM_DB=$WARROOM_DB XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME XDG_STATE_HOME=$XDG_STATE_HOME $bin --utc --as dave --log $log INC-1"
sleep 2
tmux capture-pane -p -t warroom-capture | sed 's/[[:space:]]*$//' >assets/screen.txt
tmux send-keys -t warroom-capture q
cat assets/screen.txt
