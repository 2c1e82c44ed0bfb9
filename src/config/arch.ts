// The config's view of the per-arch table: the default `qemu_command` and the `arch` default.
import type { Arch } from '../plan/types.js'
import { archFacts } from '../platform/arch.js'

// The host's arch is a platform fact; the config reads it for its `arch` default.
export { hostArch } from '../platform/arch.js'

export function defaultQemuCommand(arch: Arch): string {
  return archFacts(arch).program
}
