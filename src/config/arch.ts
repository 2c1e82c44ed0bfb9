import { ARCHES, type Arch } from '../plan/types.js'
import { archFacts } from '../platform/arch.js'

// The host's arch is a platform fact; the config reads it for its `arch` default.
export { hostArch } from '../platform/arch.js'

export function isArch(value: string): value is Arch {
  return (ARCHES as readonly string[]).includes(value)
}

export function defaultQemuCommand(arch: Arch): string {
  return archFacts(arch).program
}
