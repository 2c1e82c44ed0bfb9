# vmtest-action: the wrapper the guest agent runs as `bash -c <this> bash CWD MARKER COMMAND`.
# The command arrives as an argument, never spliced into this text, so no quoting can break.
# It runs in this same bash, in a subshell (a fork, not another bash exec: ~0.1 s less under
# TCG), as upstream's single `bash -c` runs it: `$0` is bash, no positional parameters, `$$`
# this shell, its own EXIT trap and `exit` confined to the subshell. stdout and stderr are
# merged onto the output port in order; then an end marker carrying the exit status goes
# down the same port, so the host learns the command ended without polling the agent.
vmtest_cwd=$1
vmtest_marker=$2
vmtest_command=$3

port=
for dir in /sys/class/virtio-ports/*; do
    # `read`, not $(<...): a builtin, no subshell.
    if [[ -r $dir/name ]] && read -r name <"$dir/name" && [[ $name == org.qemu.virtio_serial.0 ]]; then
        port=/dev/${dir##*/}
    fi
done

if [[ -n $port ]]; then
    exec 3>"$port"
    exec >&3 2>&1
else
    echo >&2 "vmtest: no virtio port named org.qemu.virtio_serial.0; falling back to the agent's output capture"
fi

if [[ -n $vmtest_cwd ]]; then
    cd -- "$vmtest_cwd" || exit 125
fi
unset vmtest_cwd port dir name

# `unset` runs inside the eval'd text, on its first line, so line numbers stay the user's.
# BASH_EXECUTION_STRING is what `bash -c COMMAND` would set.
(
    set --
    exec 3>&-
    BASH_EXECUTION_STRING=$vmtest_command
    eval "unset vmtest_command vmtest_marker; $vmtest_command"
)
vmtest_status=$?
[[ -e /proc/self/fd/3 ]] && printf '%s %d\n' "$vmtest_marker" "$vmtest_status" >&3
exit "$vmtest_status"
