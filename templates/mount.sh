# vmtest-action: mounts the 9p shares, run by the guest agent as
# `bash -c <this> vmtest TAG PATH RO [TAG PATH RO]...`. One agent round trip for all mounts.
# Prints the guest kernel release first so the host learns it without another round trip.
uname -r
opts=trans=virtio,cache=mmap,msize=1048576
while (($# >= 3)); do
    tag=$1 path=$2 ro=$3
    shift 3
    mkdir -p -- "$path" || exit 1
    o=$opts
    [[ $ro == 1 ]] && o+=,ro
    # The 9p device can still be settling right after boot: mount then exits 32; try again.
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        mount -t 9p -o "$o" "$tag" "$path" && continue 2
        rc=$?
        ((rc == 32)) || break
        sleep 0.2
    done
    echo "vmtest: mounting $tag at $path failed (exit $rc, attempt $attempt)" >&2
    exit 1
done
