import { execFileSync } from 'node:child_process'
import { benchTarget, runOurs } from './ours.js'
import { runBare } from './bare.js'
const kernel = execFileSync('bash', [new URL('../.ci/fixtures/build-kernel.sh', import.meta.url).pathname], { encoding: 'utf8' }).trim()
const rounds = Number(process.env.ROUNDS ?? 5)
const variants: Record<string, { kernelArgs?: string; extra?: string[] }> = {
  base: {},
  noirq: { kernelArgs: 'acpi=noirq' },
  q35: { extra: ['-machine', 'q35'] },
}
const res: Record<string, { bare: number[]; ours: number[] }> = {}
for (let r = 0; r < rounds; r++) {
  for (const [name, v] of Object.entries(variants)) {
    const t = benchTarget(kernel, 'true')
    if (v.kernelArgs) t.kernelArgs = v.kernelArgs
    if (v.extra) t.vm.extraArgs = v.extra
    const b = (await runBare(t)).wallMs
    const o = (await runOurs([t], 1)).targets[0].wallMs
    ;(res[name] ??= { bare: [], ours: [] }).bare.push(b)
    res[name].ours.push(o)
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]
for (const [n, r] of Object.entries(res)) console.log(n, 'bare', med(r.bare).toFixed(0), 'ours', med(r.ours).toFixed(0), 'ratio', (med(r.ours) / med(r.bare)).toFixed(3))
