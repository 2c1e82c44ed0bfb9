// What runner setup (src/setup) found or installed on the host, handed to the engine as is.
// The engine and the VM code use exactly these paths and look none of them up again: with a
// tool-cache bundle the host has no system-wide QEMU, busybox or OVMF, so a second lookup
// would find nothing. Without a setup step (the CLI, tests), platform/host-tools.ts fills
// the same shape from the system.
import type { Arch } from './types.js'

/** A program plus the environment it must run with (LD_LIBRARY_PATH of a tool-cache bundle). */
export interface ToolPath {
  path: string
  env: Record<string, string>
}

/** UEFI firmware for `-bios`, and the VARS template shipped beside it when there is one. */
export interface UefiFirmware {
  code: string
  vars?: string
}

export interface HostSetup {
  /** Absolute qemu-system-<arch> per arch, for targets that use the default QEMU name. */
  qemuPaths: Partial<Record<Arch, string>>
  /** Extra environment for QEMU processes (tool cache: LD_LIBRARY_PATH, QEMU_MODULE_DIR). */
  env: Record<string, string>
  /** `-L` folder for a tool-cache QEMU's ROMs. */
  qemuDataDir?: string
  /** qemu-ga for kernel targets sharing the host root. From the tool cache it lives under the
   *  tool-cache folder (visible in the guest at the same path) and may need `env` there too. */
  guestAgent?: ToolPath
  /** Statically linked busybox (host path) for the generated initramfs, used when the
   *  target's rootfs has none of its own. */
  busybox?: string
  /** UEFI firmware per arch, for `uefi = true` targets without their own `vm.bios`. */
  uefiFirmware: Partial<Record<Arch, UefiFirmware>>
  /** qemu-img, for image overlays and inspection. */
  qemuImg?: ToolPath
  /** virtiofsd, for targets with `shared_fs = "virtiofs"`. */
  virtiofsd?: ToolPath
}
