// Bench rows for `shared_fs = "virtiofs"` against 9p, the stock distro kernel (its 9p and
// virtiofs are modules: the generated initramfs loads them), the host root shared as the
// guest's root. Each figure is the median of `runs`, the two sides interleaved run by run:
//   - file-heavy commands, timed by the engine's command stage (boot excluded): reading
//     BENCH_VIRTIOFS_FILES files under /usr (default 20 000) and a tar of a large tree;
//   - boot time (`true`, whole target wall time).
// Run on its own with `node --import tsx bench/virtiofs.ts`; `npm run bench` includes it.
import { readdirSync } from 'node:fs'
import { runOurs, benchTarget } from './ours.js'
import { median, ratio, row, seconds, verdict } from './stats.js'
import type { SharedFs } from '../src/plan/types.js'

const GOALS = { fileSpeedup: 3, bootRatio: 1.1 }
const VM = { numCpus: 1, memory: '1G' }
const FILES = Math.max(1, Number(process.env.BENCH_VIRTIOFS_FILES ?? 20_000))
/** The tree `tar` reads (GNU tar skips reading files when the archive is /dev/null itself). */
const TAR_TREE = process.env.BENCH_VIRTIOFS_TREE ?? '/usr/share'
const READ_FILES = `find /usr -type f -print0 2>/dev/null | head -z -n ${FILES} | xargs -0 cat >/dev/null 2>&1; true`
const TAR = `tar -cf - ${TAR_TREE} 2>/dev/null | cat >/dev/null`

/** The newest stock kernel in /boot whose modules are installed. */
export function stockKernel(): string | undefined {
  const names = readdirSync('/boot').filter((n) => n.startsWith('vmlinuz-'))
  return names
    .sort()
    .reverse()
    .map((n) => `/boot/${n}`)[0]
}

async function once(kernel: string, command: string, fs: SharedFs): Promise<{ wallMs: number; commandMs: number }> {
  const t = benchTarget(kernel, command, 0, VM)
  t.vm.sharedFs = fs
  const run = await runOurs([t], 1)
  const r = run.results[0]
  if (r.result !== 'pass') throw new Error(`${fs} run of \`${command}\` did not pass: ${r.error ?? r.result}`)
  return { wallMs: run.targets[0].wallMs, commandMs: (r.commandSeconds ?? 0) * 1000 }
}

/** The rows, as printed lines (empty when there is no stock kernel). */
export async function benchVirtiofs(runs: number, log: (text: string) => void): Promise<string[]> {
  const kernel = stockKernel()
  if (!kernel) return ['virtiofs vs 9p: skipped, no /boot/vmlinuz-* (stock kernel) on this host']
  const cases = [
    { label: `read ${FILES} files under /usr`, command: READ_FILES, pick: 'commandMs' as const },
    { label: `tar of ${TAR_TREE} to a pipe`, command: TAR, pick: 'commandMs' as const },
    { label: 'boot, `true` (target wall time)', command: 'true', pick: 'wallMs' as const },
  ]
  const raw = cases.map(() => ({ ninep: [] as number[], virtiofs: [] as number[] }))
  for (let i = 0; i < runs; i++) {
    for (const [n, c] of cases.entries()) {
      log(`virtiofs round ${i + 1}/${runs}: ${c.label}`)
      raw[n].ninep.push((await once(kernel, c.command, '9p'))[c.pick])
      raw[n].virtiofs.push((await once(kernel, c.command, 'virtiofs'))[c.pick])
    }
  }
  const W = [38, 12, 12, 7, 12, 4]
  const lines = [
    `virtiofs vs 9p: ${kernel}, ${VM.numCpus} vCPU, ${VM.memory}, median of ${runs}, interleaved`,
    row(['', '9p', 'virtiofs', 'ratio', 'goal'], W),
  ]
  for (const [n, c] of cases.entries()) {
    const a = median(raw[n].ninep)
    const b = median(raw[n].virtiofs)
    const boot = c.pick === 'wallMs'
    const r = boot ? b / a : a / b
    const ok = boot ? r <= GOALS.bootRatio : r >= GOALS.fileSpeedup
    lines.push(
      row(
        [
          c.label,
          seconds(a),
          seconds(b),
          ratio(r),
          boot ? `<= ${GOALS.bootRatio.toFixed(2)}x` : `>= ${GOALS.fileSpeedup}x faster`,
          verdict(ok),
        ],
        W,
      ),
    )
  }
  for (const [n, c] of cases.entries())
    lines.push(
      `raw (ms) ${c.label}: 9p ${raw[n].ninep.map((x) => x.toFixed(0)).join(' ')}; virtiofs ${raw[n].virtiofs.map((x) => x.toFixed(0)).join(' ')}`,
    )
  return lines
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 5))
  const lines = await benchVirtiofs(runs, (t) => process.stderr.write(`[bench virtiofs] ${t}\n`))
  process.stdout.write(lines.join('\n') + '\n')
}
