#!/usr/bin/env bash
# stages.sh PROFILE REQUESTS RATE — the gateway's CPU by stage from the
# load benchmark's profile (GDX_LOAD_OUT/gateway.cpu.pprof, taken over
# REQUESTS closed-loop lookups): µs per lookup, and the share of one core
# each stage costs at RATE lookups per second.
set -euo pipefail
prof=$1 requests=$2 rate=$3
secs() { # the seconds of samples whose stacks hold a frame matching $1 (and none matching $2)
	local args=(-top -nodecount=100000 -nodefraction=0 -focus="$1")
	[[ -n ${2:-} ]] && args+=(-ignore="$2")
	go tool pprof "${args[@]}" "$prof" 2>/dev/null |
		awk '/^Showing nodes accounting for/ { v=$5; sub(/,$/, "", v); print v; exit }'
}
to_s() { # "1.23s" or "450ms" to seconds
	case $1 in *ms) awk -v v="${1%ms}" 'BEGIN{print v/1000}' ;; *s) echo "${1%s}" ;; *) echo 0 ;; esac
}
print_row() {
	awk -v name="$1" -v s="$2" -v n="$requests" -v r="$rate" \
		'BEGIN { us = s * 1e6 / n; printf "| %s | %.0f | %.2f |\n", name, us, us * r / 1e6 }'
}
whole=0 parts=0
row() { # name focus [ignore]; a name not indented is a top-level stage
	local s; s=$(to_s "$(secs "$2" "${3:-}")")
	print_row "$1" "$s"
	if [[ $1 == "whole gateway" ]]; then whole=$s
	elif [[ $1 != " "* ]]; then parts=$(awk -v a="$parts" -v b="$s" 'BEGIN{print a+b}'); fi
}
echo "| stage | µs per lookup | share of a core at $rate/s |"
echo "|---|---:|---:|"
row "whole gateway" "."
row "request JWT verification" 'authn\.\(\*Verifier\)\.Verify'
row "  of which the ES256 signature" 'crypto/ecdsa\.Verify'
row "agency and certificate checks" 'gateway\.\(\*apiServer\)\.requireAgency'
row "lookup pipeline" 'gateway\.\(\*Pipeline\)\.Lookup'
row "  the connector's request to the owner" 'connectors\.\(\*Registry\)\.Fetch'
row "  policy decision" 'policies\.\(\*Engine\)\.Decide'
row "  hand-off to the audit writer" 'gateway\.\(\*Pipeline\)\.appendAudit'
row "the connector's connections (their read and write loops)" 'net/http\.\(\*persistConn\)'
row "the answer (minimised record to JSON)" 'gateway\.writeLookupAnswer'
row "audit writer (group commit)" 'audit\.\(\*Writer\)\.run'
row "HTTP and TLS outside the handlers" 'net/http\.\(\*conn\)\.serve' 'gin\.\(\*Engine\)\.ServeHTTP'
row "garbage collection" 'runtime\.gcBgMarkWorker'
print_row "everything else (middleware, rate limit, scheduler, network polling)" "$(awk -v a="$whole" -v b="$parts" 'BEGIN{print a-b}')"
