# runBuildspec's one bash for the whole build, started as
#   [setsid] bash --noprofile --norc -c THIS runBuildspec MARK [own-group]
# The engine sends requests on stdin, each "OP N\n" and then N bytes (bytes: LC_ALL=C); answers go
# to stdout as lines holding MARK, which the build's own output cannot guess. Ops:
#   R  run the payload (one buildspec command); answer "MARK E <exit code> <microseconds>"
#   I  the same in a subshell whose changes are dropped (buildspec version 0.1)
#   S  payload NAME=VALUE: export it (NAME must be an identifier: the value stays data, never code)
#   V  payload NAME: answer "MARK V <base64 of the value>", or "MARK V -" when it is not set
#   N  payload TEXT (artifacts/name): expanded as a here-document is (variables, $(...), arithmetic;
#      no splitting, no globbing, quotes kept), in a subshell whose changes are dropped; answer
#      "MARK N <base64 of the expansion>", or "MARK N -" when the expansion failed
#   Q  stop (with own-group: first end every process the build left running, e.g. a daemon)
#
# How one shell survives an `exit 1` in a command: before each command this shell forks; the child
# runs the command and then carries on as the shell of the build (it reads the next requests), the
# parent waits as a standby holding the state from before the command. When a command ends its
# shell (exit, set -e), its standby wakes up, answers for it and carries on in its place: that
# command failed, the build did not, and only what that one command changed is lost. On Q the
# deepest shell leaves a byte in pipe 5 and every standby above it, seeing it, leaves too.
# No state is copied (cd, export, functions, options live on in the same process lineage), nothing
# is written to a file (secrets are among the variables), and the cost is one fork per command.
# The user's commands read stdin from /dev/null and write stderr to stdout (one ordered log).
__ds_mark=$1
__ds_group=${2:-}
__ds_level=0
__ds_opts=''
exec 7<&0 8>&1 0</dev/null
# A pipe this shell both writes and reads (Linux opens a pipe's /dev/fd read-write): the "done" flag.
exec 5<> <(:)
__ds_loop='
while LC_ALL=C IFS=" " builtin read -r __ds_op __ds_len <&7; do
  __ds_body=""
  if (( __ds_len > 0 )); then
    LC_ALL=C IFS= builtin read -r -d "" -N "$__ds_len" __ds_body <&7
  fi
  case $__ds_op in
    R)
      __ds_t0=${EPOCHREALTIME//[!0-9]/}
      (
        (( __ds_level++ ))
        [[ -n $__ds_opts ]] && builtin set -o $__ds_opts
        builtin eval "$__ds_body" 2>&1
        __ds_rc=$?
        __ds_opts=${SHELLOPTS//:/ -o }
        builtin set +euo pipefail +x +f +a +v +C
        __ds_t1=${EPOCHREALTIME//[!0-9]/}
        builtin printf "%s E %s %s\n" "$__ds_mark" "$__ds_rc" "$(( __ds_t1 - __ds_t0 ))" >&8
        builtin eval "$__ds_loop"
        builtin exit 0
      )
      __ds_rc=$?
      if builtin read -t 0 -u 5; then
        (( __ds_level == 0 )) && break
        builtin exit 0
      fi
      __ds_t1=${EPOCHREALTIME//[!0-9]/}
      builtin printf "%s E %s %s\n" "$__ds_mark" "$__ds_rc" "$(( __ds_t1 - __ds_t0 ))" >&8
      ;;
    I)
      __ds_t0=${EPOCHREALTIME//[!0-9]/}
      ( builtin eval "$__ds_body" 2>&1 )
      __ds_rc=$?
      __ds_t1=${EPOCHREALTIME//[!0-9]/}
      builtin printf "%s E %s %s\n" "$__ds_mark" "$__ds_rc" "$(( __ds_t1 - __ds_t0 ))" >&8
      ;;
    S)
      __ds_n=${__ds_body%%=*}
      if [[ $__ds_n =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
        builtin export "$__ds_n=${__ds_body#*=}"
        builtin printf "%s S ok\n" "$__ds_mark" >&8
      else
        builtin printf "%s S bad\n" "$__ds_mark" >&8
      fi
      ;;
    V)
      if [[ $__ds_body =~ ^[A-Za-z_][A-Za-z0-9_]*$ && -n ${!__ds_body+x} ]]; then
        builtin printf "%s V %s\n" "$__ds_mark" "$(builtin printf "%s" "${!__ds_body}" | base64 -w0)" >&8
      else
        builtin printf "%s V -\n" "$__ds_mark" >&8
      fi
      ;;
    N)
      # The end word holds the random digits of the mark: no name can end the here-document early.
      __ds_end=__ds_end_${__ds_mark//[!0-9a-f]/}
      if __ds_x=$(builtin eval "command cat <<$__ds_end
$__ds_body
$__ds_end
" 2>&8); then
        builtin printf "%s N %s\n" "$__ds_mark" "$(builtin printf "%s" "$__ds_x" | base64 -w0)" >&8
      else
        builtin printf "%s N -\n" "$__ds_mark" >&8
      fi
      ;;
    Q)
      (( __ds_level == 0 )) && break
      builtin printf D >&5
      builtin exit 0
      ;;
  esac
done
'
builtin eval "$__ds_loop"
if [[ $__ds_group == own-group ]]; then
  builtin trap '' TERM
  builtin kill -TERM 0 2>/dev/null
fi
builtin exit 0
