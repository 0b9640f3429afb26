#!/usr/bin/env bash
# A throwaway IMAP server for tests and local development: Debian's dovecot-imapd with its own
# configuration in a folder of its own, on 127.0.0.1, without TLS, with plaintext logins.
#
#   scripts/dovecot-test-server.sh start [folder] [port]   start in the background; prints PORT=, FOLDER=, USERS=
#   scripts/dovecot-test-server.sh stop <folder>           stop it and remove the folder
#   scripts/dovecot-test-server.sh run [folder] [port]     run in the foreground (Ctrl-C stops)
#
# Users (password = user name): caredesk, customer, bench. Every run starts with empty mailboxes.
# Install dovecot with `apt-get install dovecot-imapd` (.ci/run does). Several instances may run
# at once, each with its own folder and port.
set -euo pipefail

command_name="${1:-}"
users=(caredesk customer bench)

fail() {
  echo "dovecot-test-server: $*" >&2
  exit 1
}

find_dovecot() {
  local binary
  binary="$(command -v dovecot || true)"
  [[ -z "$binary" && -x /usr/sbin/dovecot ]] && binary=/usr/sbin/dovecot
  [[ -n "$binary" ]] || fail "dovecot is not installed; install it with: apt-get install -y dovecot-imapd"
  echo "$binary"
}

is_port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && { exec 3>&- 3<&-; return 0; }
  return 1
}

write_config() {
  local folder="$1" port="$2"
  local mail_uid mail_gid internal_user login_user
  if [[ "$(id -u)" == "0" ]]; then
    # Dovecot refuses mail access as uid 0.
    mail_uid=65534
    mail_gid=65534
    internal_user=dovecot
    login_user=dovenull
    getent passwd dovecot >/dev/null || internal_user=nobody
    getent passwd dovenull >/dev/null || login_user=nobody
  else
    mail_uid="$(id -u)"
    mail_gid="$(id -g)"
    internal_user="$(id -un)"
    login_user="$(id -un)"
  fi
  mkdir -p "$folder/run" "$folder/mail"
  : >"$folder/users"
  for user in "${users[@]}"; do
    echo "$user:{PLAIN}$user:$mail_uid:$mail_gid::$folder/mail/$user::" >>"$folder/users"
    mkdir -p "$folder/mail/$user/Maildir/"{cur,new,tmp}
  done
  chown -R "$mail_uid:$mail_gid" "$folder/mail"
  cat >"$folder/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $folder/run
state_dir = $folder/run/state
log_path = $folder/dovecot.log
instance_name = caredesk-test-$port
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $internal_user
default_login_user = $login_user
mail_uid = $mail_uid
mail_gid = $mail_gid
first_valid_uid = 0
mail_location = maildir:~/Maildir
# Let IDLE clients hear about new mail within a second even without inotify.
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $folder/users
}
userdb {
  driver = passwd-file
  args = username_format=%n $folder/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
EOF
  mkdir -p "$folder/run/state"
}

wait_until_listening() {
  local folder="$1" port="$2" pid="$3"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 1
    if is_port_taken "$port"; then return 0; fi
    sleep 0.05
  done
  return 1
}

start() {
  local folder="${1:-}" requested_port="${2:-}"
  local dovecot
  dovecot="$(find_dovecot)"
  [[ -n "$folder" ]] || folder="$(mktemp -d -t caredesk-dovecot-XXXXXX)"
  mkdir -p "$folder"
  folder="$(cd "$folder" && pwd)"
  chmod 755 "$folder"
  for attempt in $(seq 1 20); do
    local port="${requested_port:-$((20000 + RANDOM % 40000))}"
    if is_port_taken "$port"; then
      [[ -n "$requested_port" ]] && fail "port $port is already in use"
      continue
    fi
    write_config "$folder" "$port"
    "$dovecot" -F -c "$folder/dovecot.conf" >>"$folder/dovecot.stdout" 2>&1 &
    local pid=$!
    echo "$pid" >"$folder/dovecot.pid"
    if wait_until_listening "$folder" "$port" "$pid"; then
      echo "PORT=$port"
      echo "FOLDER=$folder"
      echo "USERS=${users[*]}"
      return 0
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [[ -n "$requested_port" || "$attempt" == "20" ]]; then
      cat "$folder/dovecot.log" "$folder/dovecot.stdout" >&2 2>/dev/null || true
      fail "dovecot did not start (log above)"
    fi
  done
}

stop() {
  local folder="${1:-}"
  [[ -n "$folder" && -f "$folder/dovecot.pid" ]] || fail "usage: $0 stop <folder of a running instance>"
  local pid
  pid="$(cat "$folder/dovecot.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -rf "$folder"
}

run() {
  local folder="${1:-}" port="${2:-1143}"
  local dovecot
  dovecot="$(find_dovecot)"
  [[ -n "$folder" ]] || folder="$(mktemp -d -t caredesk-dovecot-XXXXXX)"
  mkdir -p "$folder"
  folder="$(cd "$folder" && pwd)"
  chmod 755 "$folder"
  write_config "$folder" "$port"
  echo "PORT=$port"
  echo "FOLDER=$folder"
  echo "USERS=${users[*]} (password = user name)"
  exec "$dovecot" -F -c "$folder/dovecot.conf"
}

case "$command_name" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  run) shift; run "$@" ;;
  *) fail "usage: $0 start [folder] [port] | stop <folder> | run [folder] [port]" ;;
esac
