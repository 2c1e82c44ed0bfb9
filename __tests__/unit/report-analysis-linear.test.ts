// Every per-line analyser runs on the event loop for every guest line: one crafted line must
// never stall the process. Random and adversarial lines (long runs of spaces, tabs, digits,
// `ok`, `#`, repeated prefixes, escape sequences, a character `.` does not match at the end)
// up to the line splitter's cap are analysed within a per-byte budget. The budget is relative
// to a plain pass over the same bytes measured in this test, and generous (a quadratic
// pattern on a megabyte line is millions of times over it; a loaded machine slows both):
// no wall-clock constant. Each analyser's results are also checked against the regular
// expressions the scanners replaced, on inputs short enough for those to be fast.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_LINE_BYTES } from '../../src/analysis/lines.js'
import { classifyConsoleLine, HandoffWatch, initFatalReason, isPanicLine } from '../../src/analysis/console-watch.js'
import { detectSplats, stripConsolePrefix } from '../../src/analysis/splat.js'
import { classifyTapText, type TapLine } from '../../src/analysis/tap-line.js'
import { parseKtap, createKtapParser } from '../../src/analysis/ktap.js'
import { createTestProgsParser } from '../../src/analysis/test-progs.js'
import { createBpfSummaryParser } from '../../src/analysis/bpf-summaries.js'
import { createFormatDetector } from '../../src/analysis/suite-format.js'
import { createConsoleKtapWatch, createSuiteWatch } from '../../src/analysis/suite-watch.js'
import { cleanLine, MAX_MATCH_CHARS, oneLine, stripAnsi } from '../../src/analysis/text.js'

/** The per-byte budget, as a multiple of a plain pass over as many bytes. The worst analyser
 *  here (tab expansion: 8 output characters per input byte) needs a few hundred. */
const BUDGET_FACTOR = 5000
/** Short inputs are measured against this many bytes: below it timer noise dominates. */
const FLOOR_BYTES = 64 * 1024

/** The yardstick: a string as long as the longest line, and the cheapest pass over it. */
const YARDSTICK = flat('abcdefgh'.repeat(MAX_LINE_BYTES / 8))
function plainPassNs(bytes: number): number {
  const n = Math.min(YARDSTICK.length, Math.max(bytes, FLOOR_BYTES))
  const start = process.hrtime.bigint()
  let sum = 0
  for (let i = 0; i < n; i++) sum += YARDSTICK.charCodeAt(i)
  const ns = Number(process.hrtime.bigint() - start)
  if (sum < 0) throw new Error('unreachable')
  return ns
}

/** A flat copy (not a rope of concatenations), so no analyser pays for flattening it. */
function flat(s: string): string {
  return Buffer.from(s, 'utf16le').toString('utf16le')
}

/**
 * `work` against BUDGET_FACTOR plain passes over `bytes`, both measured close together (a busy
 * machine slows both); the best of up to three tries (a GC pause is not the analyser's
 * doing), stopping at the first within the budget. `plain`: a pass already measured.
 */
function withinBudget(
  bytes: number,
  work: () => unknown,
  plain = plainPassNs(bytes),
): { ok: boolean; ns: number; budget: number } {
  let best = { ok: false, ns: Number.POSITIVE_INFINITY, budget: 1 }
  for (let attempt = 0; attempt < 3 && !best.ok; attempt++) {
    if (attempt > 0) plain = Math.min(plainPassNs(bytes), plainPassNs(bytes))
    const start = process.hrtime.bigint()
    work()
    const ns = Number(process.hrtime.bigint() - start)
    const budget = BUDGET_FACTOR * plain
    if (ns / budget < best.ns / best.budget) best = { ok: ns <= budget, ns, budget }
  }
  return best
}

/** Each per-line analyser, as the engine and the reporters call it, plus the scanners and
 *  cleaners on their own, unbounded (so a pattern inside the match bound is tested too). */
const ANALYSERS: [string, (line: string) => unknown][] = [
  ['TAP before it starts (pre-check, detection)', (l) => createKtapParser().push(l)],
  [
    'TAP inside a document',
    (l) => {
      const w = createKtapParser()
      for (const s of ['KTAP version 1', '1..2', 'not ok 1 first']) w.push(s)
      w.push(l)
      w.push(`  ${l}`)
      w.push(`# ${l}`)
      w.push('ok 2 second')
      return w.result()
    },
  ],
  [
    'KTAP nested (kselftest runner prefix, subtest header, plain TAP after-lines)',
    (l) => {
      const w = createKtapParser()
      for (const s of ['TAP version 13', '1..1', '# selftests: a: b', '# TAP version 13', '# 1..2', '# not ok 1 x'])
        w.push(s)
      w.push(`# ${l}`)
      w.push(`# # Subtest: ${l}`)
      w.push(`# ${l}`)
      w.push('not ok 1 selftests: a: b')
      w.push(l)
      return w.result()
    },
  ],
  [
    'console KTAP (timestamps)',
    (l) => {
      const w = createConsoleKtapWatch(false)
      for (const s of ['[    0.5] KTAP version 1', '[    0.5] 1..1']) w.push(s)
      w.push(l)
      w.push(`[    0.6] ${l}`)
      return w.result()
    },
  ],
  [
    'test_progs',
    (l) => {
      const p = createTestProgsParser()
      p.push(l)
      p.push('#1 a:FAIL')
      return p.result()
    },
  ],
  [
    'test_verifier / test_maps',
    (l) => {
      const p = createBpfSummaryParser()
      p.push(l)
      p.push('#1/u x FAIL')
      p.push(l)
      return p.result()
    },
  ],
  ['suite format detection', (l) => createFormatDetector().push(l)],
  [
    'suite watch, undecided (every parser)',
    (l) => {
      const w = createSuiteWatch('auto')
      w.push(l)
      return w.result()
    },
  ],
  ['TAP line classifier, unbounded', (l) => [classifyTapText(l), classifyTapText(l.trimStart())]],
  [
    'splat detection',
    (l) => [detectSplats([l]), detectSplats(['WARNING: CPU: 0 PID: 1 at x.c:1 f', l, 'Call Trace:'])],
  ],
  ['printk prefix, unbounded', (l) => stripConsolePrefix(l)],
  ['console watch', (l) => classifyConsoleLine(l)],
  [
    'firmware hand-over watch',
    (l) => {
      const w = new HandoffWatch()
      for (const s of ['Booting from Hard Disk...', l, 'Booting from Hard Disk...', l]) w.see(classifyConsoleLine(s), 0)
      return w.armed()
    },
  ],
  ['init failure and panic markers, unbounded', (l) => [initFatalReason(l), isPanicLine(l)]],
  ['text cleaning, unbounded', (l) => [cleanLine(l), oneLine(l), stripAnsi(l)]],
]

/** The same analysers over many lines at the match bound (together about a megabyte), so a
 *  superlinear pattern within the bound adds up too. */
const MANY: [string, (lines: string[]) => unknown][] = [
  [
    'TAP',
    (ls) => {
      const w = createKtapParser()
      w.push('TAP version 13')
      for (const l of ls) w.push(l)
      return w.result()
    },
  ],
  [
    'TAP after a failure (plain TAP takes the lines after it)',
    (ls) => {
      const w = createKtapParser()
      for (const s of ['TAP version 13', '1..2', 'not ok 1 x']) w.push(s)
      for (const l of ls) w.push(l)
      return w.result()
    },
  ],
  [
    'suite watch, undecided (every parser)',
    (ls) => {
      const w = createSuiteWatch('auto')
      for (const l of ls) w.push(l)
      return w.result()
    },
  ],
  [
    'test_progs and BPF summaries',
    (ls) => {
      const w = createSuiteWatch('test_progs')
      for (const l of ls) w.push(l)
      return w.result()
    },
  ],
  ['splats', (ls) => detectSplats(ls)],
  ['console watch', (ls) => ls.map((l) => classifyConsoleLine(l))],
]

const PREFIXES = [
  '',
  'ok',
  'ok ',
  'not ok',
  'not ok 1',
  'ok 1 -',
  '1..',
  '1..5',
  '1..5 #',
  'TAP version ',
  'KTAP version 1',
  'Bail out!',
  '#',
  '# Subtest:',
  '  ok 1',
  '#1 ',
  '#12/3 a',
  '#1/u ',
  '#1/p x ',
  'Summary: ',
  'test_maps: OK, ',
  'ok 1 selftests: ',
  '# selftests: a:',
  '#  RUN ',
  '[    0.5] ',
  'vmtest: FATAL: ',
  '[    1.000000] vmtest: FATAL: ',
  '[    1.000000] ',
  '[',
  '<4>[ 1.0] [T1] ',
  'Kernel panic - not syncing: ',
  '---[ end Kernel panic - not syncing: ',
  'WARNING: ',
  'INFO: task ',
  'INFO: task x',
  'Unable to handle kernel ',
  'Internal error: ',
  'BdsDxe: starting Boot0001 "EFI Internal Shell" from',
  '\x1b[',
  '\x1b]',
  '\x9b',
]
const UNITS = [
  ' ',
  '\t',
  '0',
  '9',
  'ok',
  'ok ',
  ' ok',
  '#',
  '# ',
  '1..',
  '\\',
  '\\#',
  'a',
  ' from ',
  'vmtest: FATAL: ',
  ']',
  '[',
  '[ ',
  '\x1b[',
  '\x1b',
  '\x1b[0',
  '\x1b]',
  ';',
  '=',
  '\u2028',
  '\r',
  ',',
  ': ',
  'x: 0000 [#1]',
  ' blocked for more than ',
  ' at virtual address',
  'Kernel panic - not syncing',
  'TAP',
  '\x00',
  '\x85',
  'é',
  '\ud83d',
]
const SUFFIXES = ['', '\u2028', '\u2029', '.', 'x', '\x1b', '\n', '\r', '#', ' ]---', '\x07', ' 1']

const adversarialLine = fc
  .record({
    prefix: fc.constantFrom(...PREFIXES),
    unit: fc.oneof(
      fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 3 }).map((a) => a.join('')),
      fc.string({ minLength: 1, maxLength: 6 }),
    ),
    suffix: fc.constantFrom(...SUFFIXES),
    size: fc.oneof(fc.constant(MAX_LINE_BYTES), fc.integer({ min: 1, max: MAX_LINE_BYTES })),
  })
  .map(({ prefix, unit, suffix, size }) => {
    const room = Math.max(0, size - prefix.length - suffix.length)
    return flat(`${prefix}${unit.repeat(Math.ceil(room / unit.length)).slice(0, room)}${suffix}`)
  })

// The exhaustive part: a prefix that gets a pattern going, a long run of one fill, and an
// ending that makes the pattern fail at the very end (where backtracking patterns blow up).
const X_PREFIXES = [
  '',
  'ok',
  'not ok 1',
  '1..5',
  '1..5 #',
  'TAP version 1',
  'Bail out!',
  '# Subtest:',
  'vmtest: FATAL: ',
  '[    1.000000] ',
  '<4>[ 1.0] [T1] ',
  'Kernel panic - not syncing: ',
  '---[ end Kernel panic - not syncing: ',
  'WARNING: ',
  'INFO: task x',
  'Unable to handle kernel ',
  'Internal error: ',
  'BdsDxe: starting Boot0001 "EFI Internal Shell" from',
  '\x1b[',
  '\x1b]',
  'Booting from ',
  'BdsDxe: failed to load Boot0001 ',
  'reboot: System halted',
]
const X_FILLS = [' ', '\t', '0', 'ok ', '#', '1..', ']', '\x1b[', '\\', 'a', '\u2028']
const X_SUFFIXES = ['', '\u2028', '.', '\x1b', '\n', '#', ' ]---', ' 1']
/** Long enough that a quadratic pattern is far over the budget, short enough to try all. */
const X_CHARS = FLOOR_BYTES

describe('per-line analysis is linear: adversarial lines up to the splitter cap', () => {
  it('every prefix, fill and ending, through every analyser', { timeout: 120_000 }, () => {
    for (const prefix of X_PREFIXES) {
      for (const fill of X_FILLS) {
        for (const suffix of X_SUFFIXES) {
          const line = flat(`${prefix}${fill.repeat(X_CHARS / fill.length)}${suffix}`)
          const plain = plainPassNs(line.length)
          for (const [name, analyse] of ANALYSERS) {
            const r = withinBudget(line.length, () => analyse(line), plain)
            if (!r.ok)
              expect.fail(
                `${name}: ${Math.round(r.ns / 1e6)} ms for ${JSON.stringify(prefix)} + ${JSON.stringify(fill)} × ${X_CHARS / fill.length} + ${JSON.stringify(suffix)} (budget ${Math.round(r.budget / 1e6)} ms)`,
              )
          }
        }
      }
    }
  })

  it.each(ANALYSERS)('%s: random lines', (_name, analyse) => {
    fc.assert(
      fc.property(adversarialLine, (line) => {
        const r = withinBudget(line.length, () => analyse(line))
        expect(
          r.ok,
          `${Math.round(r.ns / 1e6)} ms for ${line.length} characters starting ${JSON.stringify(line.slice(0, 40))} (budget ${Math.round(r.budget / 1e6)} ms)`,
        ).toBe(true)
      }),
      { numRuns: 15 },
    )
  })

  it.each(MANY)('%s over many lines at the match bound', (_name, analyse) => {
    fc.assert(
      fc.property(adversarialLine, (line) => {
        const one = line.slice(0, MAX_MATCH_CHARS)
        const lines = Array.from({ length: Math.ceil(MAX_LINE_BYTES / Math.max(one.length, 1)) }, () => one)
        const r = withinBudget(MAX_LINE_BYTES, () => analyse(lines))
        expect(
          r.ok,
          `${Math.round(r.ns / 1e6)} ms for ${lines.length} lines starting ${JSON.stringify(one.slice(0, 40))} (budget ${Math.round(r.budget / 1e6)} ms)`,
        ).toBe(true)
      }),
      { numRuns: 15 },
    )
  })

  it('random lines, one character class at a time, up to the cap', () => {
    const cls = fc.constantFrom(' \t', '0123456789', 'ok #.', '\x1b[0;1m', '[]T0123456789. ', 'vmtest: FATAL\u2028')
    fc.assert(
      fc.property(cls, fc.integer({ min: 1, max: MAX_LINE_BYTES }), fc.integer(), (chars, size, seed) => {
        let x = seed | 1
        let line = ''
        const parts: string[] = []
        for (let i = 0; i < size; i++) {
          x = (x * 1103515245 + 12345) | 0
          parts.push(chars[(x >>> 16) % chars.length] as string)
        }
        line = flat(parts.join(''))
        for (const [, analyse] of ANALYSERS) {
          const r = withinBudget(line.length, () => analyse(line))
          expect(r.ok, `${Math.round(r.ns / 1e6)} ms for ${line.length} characters of ${JSON.stringify(chars)}`).toBe(
            true,
          )
        }
      }),
      { numRuns: 6 },
    )
  })
})

// The regular expressions the scanners replaced (cubic or quadratic on long lines, exact on
// short ones): the scanners must agree with them wherever a line holds no line separator
// (`.` does not match U+2028, where the scanners are deliberately more lenient).
const OLD = {
  version: /^(?:K?TAP version \d+)\s*$/,
  plan: /^1\.\.(\d+)\s*(?:#\s*(.*))?$/,
  test: /^(not ok|ok)\b(?:\s+(\d+))?\s*(.*)$/,
  bail: /^Bail out!\s*(.*)$/,
  subtest: /^#\s*Subtest:\s*(.*)$/,
  initFatal: /(?:^|[\s\]])vmtest: FATAL: (.+?)\s*$/,
}

function oldTapLine(text: string): TapLine {
  if (OLD.version.test(text)) return { kind: 'version' }
  const plan = OLD.plan.exec(text)
  if (plan) return { kind: 'plan', count: Number(plan[1]) }
  const t = OLD.test.exec(text)
  if (t) {
    const point: TapLine = { kind: 'point', notOk: t[1] === 'not ok', rest: t[3] ?? '' }
    if (t[2] !== undefined) point.number = Number(t[2])
    return point
  }
  const bail = OLD.bail.exec(text)
  if (bail) return { kind: 'bail', reason: bail[1] ?? '' }
  if (OLD.subtest.test(text)) return { kind: 'subtest' }
  return { kind: 'other' }
}

const shortPiece = fc.constantFrom(
  'ok',
  'not ok',
  ' ',
  '\t',
  '1',
  '42',
  '..',
  '1..',
  '#',
  ' # ',
  'SKIP',
  'TODO',
  'TAP version ',
  'KTAP version ',
  '13',
  'Bail out!',
  'Subtest:',
  '# Subtest:',
  'okay',
  '-',
  '_',
  'x',
  '\\',
  ']',
  '[ 1.0]',
  'vmtest: FATAL: ',
  'my-',
  '\r',
  '\x1b[0m',
  'é',
)
const shortLine = fc.array(shortPiece, { maxLength: 8 }).map((a) => a.join(''))

describe('the scanners say what the patterns they replaced said', () => {
  it('TAP lines', () => {
    fc.assert(
      fc.property(shortLine, (line) => {
        const text = cleanLine(line).trimStart()
        expect(classifyTapText(text)).toEqual(oldTapLine(text))
      }),
      { numRuns: 5000 },
    )
  })

  it('init failures on the console', () => {
    fc.assert(
      fc.property(shortLine, (line) => {
        // A carriage return inside a line: `.` stopped there, the scanner ends the reason there.
        fc.pre(!/\r./.test(line))
        const old = OLD.initFatal.exec(line)?.[1]
        // The old pattern kept one blank as the reason of an all-blank message.
        expect(initFatalReason(line)).toBe(old === undefined ? undefined : old.trim() === '' ? '' : old)
      }),
      { numRuns: 5000 },
    )
  })

  it('text cleaning', () => {
    // eslint-disable-next-line no-control-regex
    const control = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g
    const oldExpandTabs = (line: string): string => {
      let out = ''
      for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch
      return out
    }
    const oldCleanLine = (l: string): string => oldExpandTabs(stripAnsi(l).replace(control, '')).trimEnd()
    const oldOneLine = (t: string): string =>
      stripAnsi(t)
        .replace(/\r\n|\r|\n/g, ' ')
        .replace(control, '')
        .replace(/\t/g, ' ')
        .trim()
    const piece = fc.constantFrom(
      'a',
      'é',
      '\t',
      ' ',
      '\r',
      '\n',
      '\r\n',
      '\x00',
      '\x07',
      '\x1b',
      '\x1b[31m',
      '\x1b]0;t\x07',
      '\x7f',
      '\x85',
      '\x9b1m',
      '\ud83d',
      '\ude00',
      '\u2028',
      '12345678',
    )
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 24 }).map((a) => a.join('')),
        (text) => {
          expect(cleanLine(text)).toBe(oldCleanLine(text))
          expect(oneLine(text)).toBe(oldOneLine(text))
        },
      ),
      { numRuns: 5000 },
    )
  })

  it('the suite watch decides TAP as the old whole-output rule did, and counts as the whole-array parse does', () => {
    const line = fc.oneof(
      fc.constantFrom(
        'TAP version 13',
        'KTAP version 1',
        '1..3',
        '1..0 # skip',
        'ok 1 - a',
        'not ok 2 - b',
        'ok 3 # SKIP why',
        'ok',
        'not ok',
        '    ok 1 - sub',
        '  ---',
        '  ...',
        '# Subtest: x',
        'Bail out! no',
        '',
      ),
      shortLine,
      fc.constantFrom('okay', 'ok+/base64', '\x1b[32mok 1 - coloured\x1b[0m', ' 1..2', 'x1..2', 'TAP'),
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const w = createSuiteWatch('auto')
        for (const l of lines) w.push(l)
        const r = w.result()
        if (r) expect(r).toEqual({ format: 'ktap', ...parseKtap(lines) })
        // The old whole-output rule: a version line, or a plan and a test point.
        const texts = lines.map((l) => cleanLine(l))
        const expected =
          texts.some((t) => OLD.version.test(t.trimStart())) ||
          (texts.some((t) => OLD.plan.test(t.trimStart())) &&
            texts.some((t) => !OLD.plan.test(t.trimStart()) && OLD.test.test(t.trimStart())))
        expect(r !== undefined, JSON.stringify(lines)).toBe(expected)
      }),
      { numRuns: 2000 },
    )
  })

  it('nesting deeper than the parser follows still counts the outer level', () => {
    const lines = [
      'TAP version 13',
      '1..1',
      ...Array.from({ length: 200 }, (_, i) => `${' '.repeat(i + 1)}ok 1 - level ${i + 1}`),
      'not ok 1 - outer',
    ]
    expect(parseKtap(lines)).toMatchObject({ planned: 1, top: { passed: 0, failed: 1 } })
  })
})
