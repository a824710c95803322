# shellcheck shell=bash
# Start and stop a local moto server for collect tests (source me from bash).
#
#   . tests/collect/moto.sh
#   moto_require            # exit 77 (ctest SKIP) when moto is not importable
#   moto_start              # MOTO_URL=http://127.0.0.1:PORT, stopped on EXIT
#   moto_user USER [POLICY] # IAM user + key (policy file, default allow-all);
#                           # sets MOTO_KEY_ID / MOTO_SECRET
#   moto_auth_on USER       # the same, then signature checking on
#   moto_stop               # (the EXIT trap calls it)
#
# moto routes requests to per-region backends by the region in the SigV4
# credential scope; with auth off it accepts any key, so tests use fake ones.

MOTO_SH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

moto_require() {
    if ! python3 -c 'import moto.server, boto3, flask' 2>/dev/null; then
        echo "moto (python3 -m moto.server) is not importable: skipping" >&2
        exit 77
    fi
}

# A free TCP port on 127.0.0.1 (bind to port 0 and let the kernel pick).
moto_free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

moto_stop() {
    if [ -n "${MOTO_PID:-}" ]; then
        kill "$MOTO_PID" 2>/dev/null
        wait "$MOTO_PID" 2>/dev/null
        MOTO_PID=
    fi
}

# Stop moto on EXIT, keeping an EXIT trap the caller already set (its
# cleanup runs after moto_stop; moto_stop twice is harmless).
# shellcheck disable=SC2120  # reads the trap through set --, not arguments
_moto_stop_on_exit() {
    local current
    eval "set -- $(trap -p EXIT)"
    current=${3:-}
    case $current in *moto_stop*) return 0 ;; esac
    # shellcheck disable=SC2064  # expand now: the trap's text is fixed here
    trap "moto_stop${current:+; $current}" EXIT
}

# Start moto on a free port; retries with a new port if another process took
# it between the probe and moto's bind.  MOTO_LOG names its log file.
moto_start() {
    local port
    MOTO_LOG=${MOTO_LOG:-$(mktemp "${TMPDIR:-/tmp}/moto.XXXXXX")}
    for _ in 1 2 3; do
        port=$(moto_free_port)
        # moto's server with its empty-GET signature check fixed (moto_server.py).
        python3 "$MOTO_SH_DIR/moto_server.py" -H 127.0.0.1 -p "$port" >"$MOTO_LOG" 2>&1 &
        MOTO_PID=$!
        _moto_stop_on_exit
        # A proxy from the environment must not see test traffic.
        export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
        export no_proxy=$NO_PROXY
        if moto_wait "http://127.0.0.1:$port"; then
            export MOTO_URL="http://127.0.0.1:$port"
            export MOTO_PID
            return 0
        fi
        moto_stop
    done
    echo "moto did not start; its log:" >&2
    cat "$MOTO_LOG" >&2
    return 1
}

# Wait (up to 90 s: moto imports slowly on a busy machine) until moto
# answers its own API.
moto_wait() {
    local url=$1 end=$((SECONDS + 90))
    while [ "$SECONDS" -lt "$end" ]; do
        kill -0 "$MOTO_PID" 2>/dev/null || return 1
        if python3 - "$url" <<'PY' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/moto-api/data.json", timeout=1).read()
PY
        then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

# wait_port_file FILE PID: wait (up to 60 s) until the test server started
# in the background as PID has written its port to FILE, which it does once
# it listens.  Fails if the server died first.
wait_port_file() {
    local end=$((SECONDS + 60))
    while [ "$SECONDS" -lt "$end" ]; do
        [ -s "$1" ] && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# Create IAM user $1 (admin policy attached) with an access key, then turn
# moto's request authentication on.  From then on moto checks SigV4
# signatures against the keys its IAM knows (a wrong secret gets
# SignatureDoesNotMatch, an unknown key InvalidClientTokenId) and evaluates
# the user's IAM policies (AccessDenied when they do not allow the call).
moto_auth_on() {
    _moto_auth "${1:-trailscan-test}" "" ""
}

# Create IAM user $1 with the policy in file $2 (default: allow everything)
# and an access key, leaving authentication as it is.
moto_user() {
    _moto_auth "$1" "${2:-}" --no-switch
}

_moto_auth() {
    local out
    local -a args=(--endpoint "$MOTO_URL" --user "$1")
    [ -z "$2" ] || args+=(--policy-file "$2")
    [ -z "$3" ] || args+=("$3")
    out=$(python3 "$MOTO_SH_DIR/moto_auth.py" "${args[@]}") || return 1
    MOTO_KEY_ID=${out%% *}
    MOTO_SECRET=${out#* }
    export MOTO_KEY_ID MOTO_SECRET
}
