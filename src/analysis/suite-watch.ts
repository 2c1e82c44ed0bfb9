// The test results in a target's output, parsed as the lines stream by: the command's output
// goes through the format detector (suite-format.ts) and the parser of the format it finds
// (KTAP, test_progs, test_verifier/test_maps); the console goes through a KTAP parser for the
// kernel's own KTAP (KUnit at boot). Nothing is buffered: until the detector decides, every
// candidate parser sees every line (each keeps only bounded state), and once it has, only
// the chosen one does, so time stays linear in the output and memory bounded.
import type { SuiteFormat, TestSummary } from '../plan/test-results.js'
import { createBpfSummaryParser, type BpfSummaryParser } from './bpf-summaries.js'
import { createKtapParser, type KtapParser } from './ktap.js'
import { createFormatDetector } from './suite-format.js'
import { classifyTapText, couldBeTap } from './tap-line.js'
import { createTestProgsParser, type TestProgsParser } from './test-progs.js'
import { cleanLine, forMatching } from './text.js'

/** `tap` forces KTAP, `test_progs` the BPF selftests' formats, `auto` detects. */
export type SuiteWatchMode = 'auto' | 'tap' | 'test_progs'

export interface SuiteWatch {
  push(line: string): void
  /** The results so far (callable at any time); undefined while no format was found. */
  result(): TestSummary | undefined
}

interface Parsers {
  ktap?: KtapParser
  progs?: TestProgsParser
  bpf?: BpfSummaryParser
}

function summaryOf(format: SuiteFormat, p: Parsers): TestSummary | undefined {
  if (format === 'ktap') {
    const s = p.ktap?.result()
    return s && { format, ...s }
  }
  if (format === 'test_progs') {
    const s = p.progs?.result()
    return s && { format, ...s }
  }
  const s = p.bpf?.result()
  return s && { format, ...s }
}

export function createSuiteWatch(mode: SuiteWatchMode): SuiteWatch {
  const p: Parsers = {}
  if (mode !== 'test_progs') p.ktap = createKtapParser()
  if (mode !== 'tap') {
    p.progs = createTestProgsParser()
    p.bpf = createBpfSummaryParser()
  }
  const detector = mode === 'auto' ? createFormatDetector() : undefined
  let format: SuiteFormat | undefined = mode === 'tap' ? 'ktap' : undefined

  const push = (line: string): void => {
    if (detector && !format) {
      format = detector.push(line)
      // The other parsers are done with: they stop costing anything.
      if (format !== undefined && format !== 'ktap') delete p.ktap
      if (format !== undefined && format !== 'test_progs') delete p.progs
      if (format !== undefined && format !== 'bpf_summary') delete p.bpf
    }
    p.ktap?.push(line)
    p.progs?.push(line)
    p.bpf?.push(line)
  }

  const result = (): TestSummary | undefined => {
    if (format) return summaryOf(format, p)
    // test_output: test_progs takes whichever BPF program the output came from.
    if (mode === 'test_progs') return summaryOf('test_progs', p) ?? summaryOf('bpf_summary', p)
    return undefined
  }

  return { push, result }
}

/** printk's `[    1.234567] ` timestamp (the console's KTAP carries it). */
const TIMESTAMP_RE = /^\[\s*\d+\.\d+\]\s?/

/** A console line that is a KTAP/TAP version line at the outermost level (after the
 *  printk timestamp, if any): the kernel started printing test results. */
export function isConsoleKtapHeader(raw: string): boolean {
  if (!couldBeTap(raw)) return false
  const line = cleanLine(forMatching(raw)).replace(TIMESTAMP_RE, '')
  return line === line.trimStart() && classifyTapText(line).kind === 'version'
}

export interface ConsoleKtapWatch {
  push(line: string): void
  /** Whether the console carried a KTAP header. */
  readonly seen: boolean
  result(): TestSummary | undefined
}

/**
 * KTAP on the kernel console (KUnit runs built-in tests at boot and prints their results
 * there). `always`: parse whatever TAP the console shows (`test_output_source: console`);
 * otherwise only from the first KTAP header on, so a stray `ok` in a boot message cannot
 * start a document (`auto`).
 */
export function createConsoleKtapWatch(always: boolean): ConsoleKtapWatch {
  const parser = createKtapParser({ console: true })
  let seen = false
  return {
    push(line: string): void {
      if (!seen && isConsoleKtapHeader(line)) seen = true
      if (seen || always) parser.push(line)
    },
    get seen() {
      return seen
    },
    result(): TestSummary | undefined {
      const s = parser.result()
      return s && { format: 'ktap', ...s }
    },
  }
}
