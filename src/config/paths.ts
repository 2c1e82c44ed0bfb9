// Upstream does not check paths; a missing kernel then surfaces as QEMU's "could not open
// kernel file" after the VM was set up. We check every path before anything boots.
import { statSync, type Stats } from 'node:fs'
import type { Arch, Target } from '../plan/types.js'
import { hostArch } from './arch.js'
import { ConfigError, formatLocation } from './errors.js'
import { rootfsArchProblem } from './rootfs-arch.js'

interface PathProblem {
  target: Target
  /** The field as written in vmtest.toml: kernel, image, rootfs, kernel_modules, vm.bios, vm.mounts."/x".host_path */
  field: string
  path: string
  problem: string
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p)
  } catch {
    return undefined
  }
}

function check(field: string, p: string, want: 'file' | 'dir' | 'any', target: Target, out: PathProblem[]): void {
  const st = statOrUndefined(p)
  if (st === undefined) out.push({ target, field, path: p, problem: 'does not exist' })
  else if (want === 'file' && st.isDirectory())
    out.push({ target, field, path: p, problem: 'is a directory, expected a file' })
  else if (want === 'dir' && !st.isDirectory()) out.push({ target, field, path: p, problem: 'is not a directory' })
}

/** Every missing or wrong-kind path of these targets (remote sources not yet downloaded are
 *  skipped), and every kernel target whose rootfs is of another arch than its kernel. */
export function findPathProblems(targets: readonly Target[], host: Arch | undefined = hostArch()): PathProblem[] {
  const out: PathProblem[] = []
  for (const t of targets) {
    if (t.kernel !== undefined) check('kernel', t.kernel, 'file', t, out)
    if (t.image !== undefined) check('image', t.image, 'file', t, out)
    // The rootfs is only exported for kernel targets.
    if (t.kind === 'kernel') {
      const before = out.length
      check('rootfs', t.rootfs, 'dir', t, out)
      const archProblem = out.length === before ? rootfsArchProblem(t, host) : undefined
      if (archProblem) out.push({ target: t, field: 'rootfs', path: t.rootfs, problem: archProblem })
      if (t.kernelModules !== undefined) check('kernel_modules', t.kernelModules, 'dir', t, out)
    }
    if (t.vm.bios !== undefined) check('vm.bios', t.vm.bios, 'file', t, out)
    for (const m of t.vm.mounts) check(`vm.mounts.${JSON.stringify(m.guestPath)}.host_path`, m.hostPath, 'any', t, out)
  }
  return out
}

/** Throws one ConfigError listing every path problem; located at the first one's target. */
export function checkPaths(targets: readonly Target[]): void {
  const problems = findPathProblems(targets)
  if (problems.length === 0) return
  const describe = (p: PathProblem): string => `target '${p.target.name}': ${p.field} ${p.path} ${p.problem}`
  const lines = problems.map((p) => `${formatLocation(p.target.origin.file, p.target.origin.line)}${describe(p)}`)
  const first = problems[0].target.origin
  throw new ConfigError(lines.length === 1 ? lines[0] : `Missing paths:\n  ${lines.join('\n  ')}`, {
    file: first.file,
    line: first.line,
    reason: problems.length === 1 ? describe(problems[0]) : problems.map(describe).join('; '),
  })
}
