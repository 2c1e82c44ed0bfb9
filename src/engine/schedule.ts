// How many targets run at once (`jobs: auto`) and how a target's files are named. Pure: the
// engine passes in what it read from the host (cores, free memory).
import type { Target } from '../plan/types.js'

/** QEMU's `-m` syntax: a number with an optional K/M/G/T suffix, MiB when bare. 0 when it
 *  cannot be read (QEMU itself will then reject it). */
export function memoryBytes(memory: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT])?[bB]?\s*$/.exec(memory)
  if (!m) return 0
  const scale = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(m[2] ?? 'm').toLowerCase() as 'k' | 'm' | 'g' | 't']
  return Math.round(Number(m[1]) * scale)
}

/**
 * `jobs: auto`: the largest n such that ANY n targets of the plan fit the host at once — the
 * n biggest by vCPUs fit in the cores and the n biggest by memory fit in free memory. At
 * least one (a single target too big for the host still runs, alone), at most the number of
 * targets. For a plan whose targets are alike this is min(cores / num_cpus, free / memory).
 *
 * Why vCPUs against cores: under TCG every vCPU is a host thread that is busy whenever the
 * guest runs, so oversubscribing slows every target down, and a multi-vCPU guest whose vCPU
 * threads wait for a core pays for it at every cross-CPU TLB flush. Why guest memory in full:
 * QEMU allocates guest RAM lazily, but a test may touch all of it, and a host that starts
 * swapping (or the OOM killer) costs far more than a lost slot.
 */
export function autoJobs(targets: readonly Target[], cores: number, freeBytes: number): number {
  if (!targets.length) return 1
  const cpus = targets.map((t) => Math.max(1, t.vm.numCpus)).sort((a, b) => b - a)
  const mems = targets.map((t) => memoryBytes(t.vm.memory)).sort((a, b) => b - a)
  let n = 0
  let cpuSum = 0
  let memSum = 0
  while (n < targets.length) {
    cpuSum += cpus[n]
    memSum += mems[n]
    if (cpuSum > cores || memSum > freeBytes) break
    n++
  }
  return Math.max(1, n)
}

/**
 * Memory the engine may plan with: the host's free (available) memory, capped by a cgroup
 * limit when the process runs under one (a container). `constrained` is what
 * `process.constrainedMemory()` reports: undefined or 0 when there is no limit, and cgroup v2
 * "max" can show up as a huge number.
 */
export function memoryBudget(freeBytes: number, constrained?: number): number {
  if (constrained === undefined || !Number.isFinite(constrained) || constrained <= 0 || constrained >= 2 ** 53)
    return freeBytes
  return Math.min(freeBytes, constrained)
}

/** A file-system-safe, unique-per-plan folder name for a target's logs. */
export function targetSlug(target: Target): string {
  const base =
    target.name
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 60) || 'target'
  return `${String(target.origin.index + 1).padStart(2, '0')}-${base}`
}
