#!/usr/bin/env bash
# pg-start.sh makes a PostgreSQL server available to the Go tests.
#
#   eval "$(bash .ci/pg-start.sh)"    # or: source .ci/pg-start.sh
#
# If GDX_TEST_DATABASE_URL is already set it does nothing. Otherwise it
# installs PostgreSQL with apt-get when no initdb is found, then creates or
# starts the same shared throwaway cluster internal/pgtest uses
# (${TMPDIR:-/tmp}/gdx-pgtest-<uid>: data/, port, postgres.log, lock taken
# with flock), and prints
#   export GDX_TEST_DATABASE_URL='postgres://postgres@127.0.0.1:<port>/postgres?sslmode=disable'
# on stdout. Messages go to stderr. The server is left running; stop it with
#   pg_ctl -D ${TMPDIR:-/tmp}/gdx-pgtest-<uid>/data stop   (as postgres when root)

_gdx_pg_start() (
	set -euo pipefail

	log() { echo "pg-start: $*" >&2; }
	die() { log "$*"; exit 1; }

	# Same lines as clusterConf in internal/pgtest/local.go.
	conf="
# gdx pgtest: throwaway cluster for tests
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 200
"

	# find_bin prints the directory of the newest initdb/pg_ctl/postgres.
	find_bin() {
		local d p
		for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
			[[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && { echo "$d"; return 0; }
		done
		p=$(command -v initdb) || return 1
		d=$(dirname "$(readlink -f "$p")")
		[[ -x $d/pg_ctl && -x $d/postgres ]] && echo "$d"
	}

	install_pg() {
		local sudo=()
		[[ $(id -u) -eq 0 ]] || sudo=(sudo)
		command -v apt-get >/dev/null || die "no initdb found and no apt-get to install PostgreSQL"
		log "no initdb found: installing postgresql with apt-get"
		local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq -y -o=Dpkg::Use-Pty=0)
		"${apt[@]}" install --no-install-recommends postgresql >&2 2>/dev/null ||
			{ "${apt[@]}" update >&2 && "${apt[@]}" install --no-install-recommends postgresql >&2; } ||
			die "apt-get install postgresql failed"
	}

	# as_pg runs a command in $dir as the server's user (postgres when we are
	# root), in its own session, without the lock fd 9: a server that inherited
	# it would hold the lock forever.
	as_pg() {
		local pg=()
		[[ $(id -u) -ne 0 ]] || pg=(runuser -u postgres --)
		(cd "$dir" && setsid -w "${pg[@]}" "$@" 9>&-)
	}

	# pg_owned creates a directory (-d) or file owned by the server's user.
	pg_owned() {
		if [[ $1 == -d ]]; then mkdir -m 700 "$2"; shift; else : >"$1"; fi
		[[ $(id -u) -ne 0 ]] || chown postgres:postgres "$1"
	}

	# free_port prints a TCP port nobody listens on at 127.0.0.1.
	free_port() {
		local p
		for _ in $(seq 100); do
			p=$((20000 + RANDOM % 40000))
			(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
		done
		die "no free port found"
	}

	create() {
		rm -f "$dir/port"
		rm -rf "$dir/data"
		pg_owned -d "$dir/data"
		pg_owned "$dir/postgres.log"
		log "initdb $dir/data"
		out=$(as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync 2>&1) ||
			die "$bin/initdb -D $dir/data failed: $out"
		port=$(free_port)
		printf '%s\nport = %s\n' "$conf" "$port" >>"$dir/data/postgresql.conf"
		echo "$port" >"$dir/port"
	}

	start() {
		[[ -e $dir/postgres.log ]] || pg_owned "$dir/postgres.log"
		log "pg_ctl start ($dir/data, port $port)"
		out=$(as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start 2>&1) ||
			die "$bin/pg_ctl -D $dir/data start failed: $out
$dir/postgres.log ends with:
$(tail -n 20 "$dir/postgres.log")"
	}

	if [[ -n ${GDX_TEST_DATABASE_URL:-} ]]; then
		log "GDX_TEST_DATABASE_URL is already set: nothing to do"
		exit 0
	fi
	bin=$(find_bin) || { install_pg && bin=$(find_bin); } || die "initdb still not found after installing postgresql"

	dir="${TMPDIR:-/tmp}/gdx-pgtest-$(id -u)"
	mkdir -p "$dir"
	[[ $(stat -c %u "$dir") == "$(id -u)" ]] || die "$dir belongs to another user: remove it"
	chmod 755 "$dir"
	exec 9>>"$dir/lock"
	flock 9

	if [[ -s $dir/port && -f $dir/data/PG_VERSION ]]; then port=$(<"$dir/port"); else create; fi
	if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		log "reusing running cluster $dir/data (port $port)"
	else
		start
	fi
	"$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 10 || die "cluster $dir/data does not answer on port $port"
	echo "export GDX_TEST_DATABASE_URL='postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable'"
)

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	_gdx_pg_start
else
	if _gdx_pg_out=$(_gdx_pg_start); then eval "$_gdx_pg_out"; unset _gdx_pg_out; else unset _gdx_pg_out; return 1; fi
fi
