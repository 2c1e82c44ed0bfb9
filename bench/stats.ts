// Small helpers for the benchmark's numbers. Pure.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}

export function millis(ms: number): string {
  return `${ms.toFixed(0)} ms`
}

export function ratio(x: number): string {
  return `${x.toFixed(2)}x`
}

/** A row of cells padded to the given widths. */
export function row(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd()
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS'
}
