// How many targets run at once (`jobs: auto`) and how a target's files are named. Pure.
import type { Target } from '../plan/types.js'

/** QEMU's `-m` syntax: a number with an optional K/M/G/T suffix, MiB when bare. */
export function memoryBytes(memory: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT])?[bB]?\s*$/.exec(memory)
  if (!m) return 0
  const scale = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(m[2] ?? 'm').toLowerCase() as 'k' | 'm' | 'g' | 't']
  return Math.round(Number(m[1]) * scale)
}

/** As many targets as the host's cores can give every vCPU a core, and free memory can
 *  hold; at least one. Under TCG a vCPU is a busy host thread, so oversubscribing only slows
 *  every target down. */
export function autoJobs(targets: Target[], cores: number, freeBytes: number): number {
  if (!targets.length) return 1
  const cpus = Math.max(...targets.map((t) => t.vm.numCpus))
  const mem = Math.max(...targets.map((t) => memoryBytes(t.vm.memory)))
  const byCpu = Math.floor(cores / cpus)
  const byMem = mem > 0 ? Math.floor(freeBytes / mem) : targets.length
  return Math.max(1, Math.min(targets.length, byCpu, byMem))
}

/** A file-system-safe, unique-per-plan folder name for a target's logs. */
export function targetSlug(target: Target): string {
  const base = target.name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 60) || 'target'
  return `${String(target.origin.index + 1).padStart(2, '0')}-${base}`
}
