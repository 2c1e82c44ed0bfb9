// `vmtest -k <kernel> [COMMAND...]`: one kernel target with default VM settings, named after
// the kernel file (as upstream names it: the last path component), paths relative to the
// working directory, which is also the shared directory.
import path from 'node:path'
import type { Arch, Target } from '../plan/types.js'
import { hostArch } from './arch.js'
import { assertUpstreamRules, resolveTarget, targetSpec, type TargetFields } from './spec.js'

/** What the one-liner's flags can set, under vmtest.toml's names. */
type OneLinerField =
  'kernel_args' | 'rootfs' | 'kernel_modules' | 'arch' | 'qemu_command' | 'kvm_cpu_args' | 'network' | 'shared_fs'

interface OneLinerOptions extends Pick<TargetFields, OneLinerField> {
  kernel: string
  /** The trailing COMMAND words; joined with single spaces like upstream. */
  command: string[]
}

/** Upstream takes the kernel path's file name (`dir/bzImage` → `bzImage`). */
function oneLinerName(kernel: string): string {
  return path.basename(kernel)
}

export function oneLinerTarget(opts: OneLinerOptions, cwd: string, host: Arch | null = hostArch() ?? null): Target {
  const { command, ...fields } = opts
  const spec = targetSpec(oneLinerName(opts.kernel), command.join(' '), fields)
  const origin = { index: 0 }
  assertUpstreamRules(spec, origin)
  return resolveTarget(spec, path.resolve(cwd), origin, host)
}
