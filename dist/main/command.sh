while :; do if ((!$#)); then (exec 3>&-; BASH_EXECUTION_STRING=$vmtest_command; eval "unset vmtest_command vmtest_marker; $vmtest_command"); vmtest_status=$?; break; fi
    # vmtest-action: the wrapper a kernel target's init (MARKER empty: the init reports the
    # end) or an image's guest agent runs as `bash -c <this> bash CWD MARKER COMMAND`.
    # The command arrives as an argument, never spliced into this text, so no quoting can break.
    #
    # The command's `eval` sits on this script's first line: bash numbers the lines of eval'd
    # text from the line of the eval, so there the command's line N is reported as line N,
    # as `bash -c COMMAND` reports it. The loop runs this setup first (it ends with `set --`),
    # then the command, and ends. (In the `if` body, not in a condition: a condition would
    # turn off the command's `set -e`.)
    #
    # It runs in this same bash, in a subshell (a fork, not another bash exec: ~0.1 s less
    # under TCG), as upstream's single `bash -c` runs it: `$0` is bash, no positional
    # parameters, `$$` this shell, its own EXIT trap and `exit` confined to the subshell.
    # stdout and stderr are merged, in order, into one pipe that `cat` copies to the output
    # port (a kernel target's init holds one ready; for an image it is made here); then an
    # end marker carrying the exit status goes down the same pipe, so the host learns the
    # command ended without polling the agent. A pipe, not the port itself: the port can be
    # opened only once, and test runners open /dev/stdout again (kselftest's
    # `4>>/dev/stdout`); a pipe reopened through /proc/self/fd is the same pipe.
    vmtest_cwd=$1
    vmtest_marker=$2
    vmtest_command=$3

    if [[ -n $vmtest_marker ]]; then
        # An image target's agent: find the output port, and put a pipe and `cat` before it.
        # (A kernel target's init, MARKER empty, hands over stdout and stderr already on its
        # own pipe to the port.)
        port=
        for dir in /sys/class/virtio-ports/*; do
            # `read`, not $(<...): a builtin, no subshell.
            if [[ -r $dir/name ]] && read -r name <"$dir/name" && [[ $name == org.qemu.virtio_serial.0 ]]; then
                port=/dev/${dir##*/}
            fi
        done
        if [[ -n $port ]]; then
            # First onto the port, so that nothing (not `cat`, not a daemon the command leaves
            # behind) keeps the agent's capture pipes open: the agent waits for them to close.
            exec 3>"$port"
            exec >&3 2>&1
            # Not waited for: a daemon the command starts may hold the pipe open for good, and
            # the marker already says where the command's output ends.
            exec > >(exec cat >&3 3>&-) 2>&1
        else
            echo >&2 "vmtest: no virtio port named org.qemu.virtio_serial.0; falling back to the agent's output capture"
        fi
    fi

    # BPF programs and maps are charged to locked memory; test suites expect no limit.
    ulimit -l unlimited 2>/dev/null

    if [[ -n $vmtest_cwd ]]; then
        cd -- "$vmtest_cwd" || exit 125
    fi
    unset vmtest_cwd port dir name
    set --
done
# No marker given (a kernel target's init): the init reports the end itself.
[[ -n $vmtest_marker && -e /proc/self/fd/3 ]] && printf '%s %d\n' "$vmtest_marker" "$vmtest_status"
exit "$vmtest_status"
