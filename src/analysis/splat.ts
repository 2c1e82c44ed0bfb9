// Kernel splat detection on the serial console: panics, Oopses, BUG:s, WARNINGs with a call
// trace, KASAN/UBSAN/KFENCE reports, RCU stalls, soft/hard lockups and hung tasks. Pure: the
// engine (or a reporter) collects the console lines and calls detectSplats once.
//
// The headlines below are the kernel's own format strings (6.1: kernel/panic.c,
// kernel/watchdog*.c, kernel/hung_task.c, kernel/rcu/tree_stall.h, lib/ubsan.c,
// mm/kasan/report.c, arch/x86/mm/fault.c, arch/arm64/kernel/traps.c, lib/bug.c).
import type { Splat } from '../plan/events.js'
import { KERNEL_PANIC } from './console-watch.js'
import { cleanLine, forMatching } from './text.js'

export const MAX_EXCERPT_LINES = 40
/** How far after a `WARNING:` headline we look for its call trace. */
const TRACE_LOOKAHEAD = 150

/**
 * The console prefix printk adds: `[   12.345678] `, optionally followed by the caller id
 * `[    T1] ` / `[  C0] ` (CONFIG_PRINTK_CALLER), and a `<4>` level when read from /dev/kmsg.
 */
const PREFIX_RE = /^(?:<\d+>)?(?:\[\s*\d+\.\d+\]\s?)?(?:\[\s*[TC]\d+\]\s?)?/

/** The message part of a console line, without the printk prefix. */
export function stripConsolePrefix(line: string): string {
  return line.replace(PREFIX_RE, '')
}

interface Rule {
  kind: string
  severity: Splat['severity']
  re: RegExp
  /** Only a splat when a call trace follows (WARNING:). */
  needsTrace?: boolean
}

// Order matters: the first match wins (soft lockup lines also contain `BUG:`).
const RULES: Rule[] = [
  { kind: 'panic', severity: 'error', re: new RegExp(`^${KERNEL_PANIC}:`) },
  { kind: 'soft-lockup', severity: 'warning', re: /^(?:watchdog: )?BUG: soft lockup - CPU#\d+ stuck for/ },
  { kind: 'hard-lockup', severity: 'warning', re: /^(?:NMI watchdog: )?Watchdog detected hard LOCKUP on cpu/ },
  { kind: 'kasan', severity: 'error', re: /^BUG: KASAN: / },
  { kind: 'kfence', severity: 'error', re: /^BUG: KFENCE: / },
  { kind: 'bug', severity: 'error', re: /^(?:BUG: |kernel BUG at |Kernel BUG at )/ },
  // x86 `Oops: 0002 [#1] PREEMPT SMP`, `general protection fault, …: 0000 [#1]`,
  // `invalid opcode: 0000 [#1]`; arm64 `Internal error: Oops: 96000005 [#1]`;
  // arm64 `Unable to handle kernel NULL pointer dereference at virtual address …`.
  { kind: 'oops', severity: 'error', re: /^(?:Internal error: )?[A-Za-z][\w ,()-]*: [0-9a-f]{4,16} \[#\d+\]/ },
  { kind: 'oops', severity: 'error', re: /^Unable to handle kernel .* at virtual address/ },
  { kind: 'ubsan', severity: 'warning', re: /^UBSAN: / },
  { kind: 'rcu-stall', severity: 'warning', re: /^(?:rcu: )?INFO: \S+ (?:detected stalls? on|self-detected stall on)/ },
  { kind: 'hung-task', severity: 'warning', re: /^INFO: task \S.* blocked for more than \d+ seconds/ },
  { kind: 'warning', severity: 'warning', re: /^WARNING: /, needsTrace: true },
]

/** Headlines that continue the report already open rather than start a new one. */
const CONTINUATION_KINDS = new Set(['oops'])
/** An Oops header follows its `BUG:` line within a few lines (`#PF:` lines, `PGD …`). */
const CONTINUATION_WINDOW = 10
/** A report without an end marker stops collecting (and absorbing Oopses) after this. */
const OPEN_WINDOW = 200

const TRACE_RE = /^(?:Call Trace:|Call trace:|stack backtrace:|Backtrace:)/
/** Lines that end a report. */
const END_RE = new RegExp(`^---\\[ end (?:trace [0-9a-f]+|${KERNEL_PANIC}: .*) \\]---`)
/** Reports with no end marker: their (last) stack trace closes them. */
const ENDS_WITH_TRACE = new Set(['hung-task', 'soft-lockup', 'hard-lockup'])
const TRACE_END_RE = /^\s*<\/TASK>\s*$/
/** KASAN/UBSAN/lockdep frame their reports with lines of `=`. */
const RULER_RE = /^={20,}$/

function classify(msg: string): Rule | undefined {
  return RULES.find((r) => r.re.test(msg))
}

function hasTraceAhead(msgs: string[], from: number): boolean {
  const end = Math.min(msgs.length, from + TRACE_LOOKAHEAD)
  for (let i = from + 1; i < end; i++) {
    const m = msgs[i] ?? ''
    if (TRACE_RE.test(m)) return true
    if (END_RE.test(m)) return false
    const r = classify(m)
    if (r && !CONTINUATION_KINDS.has(r.kind)) return false
  }
  return false
}

/**
 * Finds kernel splats in console lines. Each splat starts at its headline and its excerpt
 * runs to the report's end marker (`---[ end trace … ]---`, the closing `====` ruler of a
 * KASAN/UBSAN report), the next splat's headline, or MAX_EXCERPT_LINES lines. An Oops header
 * inside an open report (the `BUG: kernel NULL pointer dereference` → `Oops:` sequence) is
 * part of that report, not a second splat. Excerpt lines have the printk timestamp removed
 * and are cut to MAX_MATCH_CHARS. Every rule is linear in the line's length (no pattern has
 * overlapping quantifiers), as the property tests check.
 */
export function detectSplats(consoleLines: string[]): Splat[] {
  const msgs = consoleLines.map((l) => stripConsolePrefix(cleanLine(forMatching(l))))
  const splats: Splat[] = []
  let open: { splat: Splat; start: number; full: boolean; framedByRuler: boolean } | undefined

  const close = (): void => {
    open = undefined
  }

  for (let i = 0; i < msgs.length; i++) {
    const msg = msgs[i] ?? ''
    if (open && i - open.start > OPEN_WINDOW) close()
    const rule = classify(msg)
    const continues = open !== undefined && i - open.start <= CONTINUATION_WINDOW
    const startsNew =
      rule !== undefined &&
      !(continues && CONTINUATION_KINDS.has(rule.kind)) &&
      !(rule.needsTrace && !hasTraceAhead(msgs, i))

    if (startsNew && rule) {
      close()
      const splat: Splat = { kind: rule.kind, title: msg.trim(), excerpt: [msg], severity: rule.severity }
      splats.push(splat)
      const prev = msgs[i - 1] ?? ''
      open = { splat, start: i, full: false, framedByRuler: RULER_RE.test(prev) }
      continue
    }
    if (!open) continue

    if (!open.full) {
      open.splat.excerpt.push(msg)
      if (open.splat.excerpt.length >= MAX_EXCERPT_LINES) open.full = true
    }
    if (
      END_RE.test(msg) ||
      (open.framedByRuler && RULER_RE.test(msg)) ||
      (ENDS_WITH_TRACE.has(open.splat.kind) && TRACE_END_RE.test(msg))
    ) {
      close()
    }
  }
  // A ruler-framed report's closing ruler and trailing blank lines are noise in the excerpt.
  for (const s of splats) {
    while (s.excerpt.length > 1 && /^(?:=+)?\s*$/.test(s.excerpt[s.excerpt.length - 1] ?? '')) s.excerpt.pop()
  }
  return splats
}
