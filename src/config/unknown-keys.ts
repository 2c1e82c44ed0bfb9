// Upstream ignores keys it does not know; a typo such as `kernal` then fails far from its
// cause (or not at all: `writeable = true` silently mounts read-only). We warn instead, with
// the line and the closest known key.
import type { Diagnostic } from '../plan/types.js'
import type { KeyLocator, KeyPath } from './locate.js'
import { MOUNT_KEYS, TARGET_KEYS, TOP_KEYS, VM_KEYS } from './schema.js'

function isTable(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
      }
    }
  }
  return d[a.length][b.length]
}

/**
 * The known name closest to `key`, if it is close enough to be a likely typo. `-` and `_`
 * count as the same character, so it serves TOML keys (`num-cpus` → `num_cpus`) and CLI flags
 * (`--kernal` → `--kernel`, `--boot_timeout` → `--boot-timeout`) alike.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDist = Infinity
  const norm = (s: string): string => s.toLowerCase().replace(/-/g, '_')
  const k = norm(key)
  for (const cand of known) {
    const dist = editDistance(k, norm(cand))
    if (dist < bestDist) {
      best = cand
      bestDist = dist
    }
  }
  // Allow about one edit per three characters (kernal→kernel, num_cpu→num_cpus, writeable→writable).
  return best !== undefined && bestDist <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined
}

function hint(
  key: string,
  known: readonly string[],
  elsewhere?: { keys: readonly string[]; text: (k: string) => string },
): string {
  const close = closestKey(key, known)
  if (close !== undefined) return ` (did you mean '${close}'?)`
  if (elsewhere?.keys.includes(key)) return ` (${elsewhere.text(key)})`
  return ''
}

/** Unknown keys at the top level, in each target, its `vm` table and each mount. */
export function unknownKeyWarnings(data: unknown, locator: KeyLocator, file?: string): Diagnostic[] {
  const out: Diagnostic[] = []
  const warn = (path: KeyPath, message: string): void => {
    const d: Diagnostic = { message }
    if (file !== undefined) d.file = file
    const line = locator.nearestLine(path)
    if (line !== undefined) d.line = line
    out.push(d)
  }
  if (!isTable(data)) return out

  for (const key of Object.keys(data)) {
    if (TOP_KEYS.includes(key)) continue
    warn(
      [key],
      `unknown key '${key}' at top level${hint(key, TOP_KEYS, {
        keys: TARGET_KEYS,
        text: () => 'target fields belong under a [[target]] header',
      })}`,
    )
  }

  const targets = data.target
  if (!Array.isArray(targets)) return out
  targets.forEach((t: unknown, i) => {
    if (!isTable(t)) return
    const label = typeof t.name === 'string' && t.name !== '' ? `'${t.name}'` : `#${i}`
    for (const key of Object.keys(t)) {
      if (TARGET_KEYS.includes(key)) continue
      warn(
        ['target', i, key],
        `unknown key '${key}' in [[target]] ${label}${hint(key, TARGET_KEYS, {
          keys: VM_KEYS,
          text: (k) => `did you mean 'vm.${k}'? it belongs in [target.vm]`,
        })}`,
      )
    }
    const vm = t.vm
    if (!isTable(vm)) return
    for (const key of Object.keys(vm)) {
      if (VM_KEYS.includes(key)) continue
      // The classic TOML trap: keys written after a `[target.vm]` header belong to vm.
      warn(
        ['target', i, 'vm', key],
        `unknown key '${key}' in [target.vm] of ${label}${hint(key, VM_KEYS, {
          keys: TARGET_KEYS,
          text: () => 'target fields must come before the [target.vm] header',
        })}`,
      )
    }
    const mounts = vm.mounts
    if (!isTable(mounts)) return
    for (const [guest, m] of Object.entries(mounts)) {
      if (!isTable(m)) continue
      for (const key of Object.keys(m)) {
        if (MOUNT_KEYS.includes(key)) continue
        warn(
          ['target', i, 'vm', 'mounts', guest, key],
          `unknown key '${key}' in mount '${guest}' of ${label}${hint(key, MOUNT_KEYS)}`,
        )
      }
    }
  })
  return out
}
