# Sourced by the HTTP test scripts. wait_port OUT PID: wait (at most 5 s)
# until the program writing OUT prints its "port N" line, or PID ends; sets
# $port (empty when no line came).
wait_port() {
  port=
  i=0
  while [ $i -lt 100 ]; do
    port=$(awk '/^port [0-9]+$/ {print $2; exit}' "$1")
    [ -n "$port" ] && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
    i=$((i + 1))
  done
  return 1
}
