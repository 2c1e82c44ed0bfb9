#!/usr/bin/env bash
# The main job on a fresh Debian/Ubuntu machine: install what a kernel target needs (QEMU,
# busybox for the stock-kernel initramfs, and the distro's kernel when /boot has none), then
# boot a VM with `vmtest`, run a sample command in it and print the result.
# Usage: bash scripts/demo.sh [COMMAND...]   (as root, or with sudo available). The CLI is the
# committed bundle in dist/, so no npm install is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo

case "$(uname -m)" in
  x86_64) qemu_pkg=qemu-system-x86 kernel_pkg=linux-image-amd64 ;;
  aarch64) qemu_pkg=qemu-system-arm kernel_pkg=linux-image-arm64 ;;
  *) echo "demo: no package mapping for $(uname -m)" >&2; exit 1 ;;
esac
need=()
for p in "$qemu_pkg" busybox-static; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
ls /boot/vmlinuz-* >/dev/null 2>&1 || need+=("$kernel_pkg")
if ((${#need[@]})); then
  echo "demo: installing ${need[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi

kernel=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
[ -r "$kernel" ] || { echo "demo: $kernel is not readable (Ubuntu keeps it root-only): run as root" >&2; exit 1; }
if (($#)); then cmd=("$@"); else cmd=('echo "hello from $(uname -r) on $(uname -m)"; nproc; grep MemTotal /proc/meminfo'); fi
set +e
node bin/vmtest.js --kernel "$kernel" -- "${cmd[@]}"
status=$?
echo "demo: vmtest exited $status"
exit $status
