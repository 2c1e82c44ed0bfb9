// `npm run bench`: how close the engine runs to the floor of QEMU itself, measured side by
// side in one run on this machine. Every figure is the median of RUNS runs (BENCH_RUNS,
// default 5), the two sides of each comparison interleaved run by run so that load from
// anything else on the machine falls on both alike.
//
//   1. per-target wall time vs two floors, for `true` (and vs the first for a command
//      printing 10 MiB): the engine's floor (bench/floor.ts: QEMU with the engine's devices,
//      same kernel, 9p root and kernel command line, bench/floor-init.sh mounting, running the
//      command, powering off) and the bare floor (bench/bare.ts: only -kernel, the 9p root and
//      the console; bench/bare-init.sh runs the command and powers off, no mounts) — what a
//      user pays per target over QEMU itself — with the engine's kernel command line (the
//      goal: the engine's own overhead) and, for reference, with upstream's (without the
//      words the engine adds to boot faster, acpi=noirq and i8042.noaux: what a user pays
//      over booting QEMU the way upstream vmtest does);
//   2. completion latency: host time from the command's last output line to its result;
//   3. four 1-vCPU targets with jobs=2 against jobs=1;
//   4. output throughput from guest to host log, with the engine process's peak RSS (each
//      10 MiB run in a process of its own, compiled as it ships: bench/worker.ts,
//      bench/compiled.ts);
//   5. runner setup, cold tool cache vs warm (bench/setup.ts).
//
// Each goal is printed PASS or MISS. Guests always run under TCG.
import { execFileSync, spawn } from 'node:child_process'
import { availableParallelism, loadavg } from 'node:os'
import { benchSetup } from './setup.js'
import { runFloor } from './floor.js'
import { runBare } from './bare.js'
import { compileBench, type CompiledBench } from './compiled.js'
import { benchTarget, runOurs, type OursRun } from './ours.js'
import { benchVirtiofs } from './virtiofs.js'
import type { WorkerArgs } from './worker.js'
import { median, millis, ratio, row, seconds, verdict } from './stats.js'

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5))
const VM = { numCpus: 1, memory: '1G' }
const TEN_MIB = 10 * 1024 * 1024
// 63 characters and a newline: 163840 lines of 64 bytes.
const PRINT_10MIB = `yes 'vmtest-action bench output line 0123456789abcdefghijklmnopqrstu' | head -c ${TEN_MIB}`
const DONE_LINE = 'vmtest-bench-done'

const GOALS = { floorRatio: 1.1, completionMs: 50, parallelSpeedup: 1.7, throughputMBs: 20, rssMB: 150 }

function log(text: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`)
}

function kernelPath(): string {
  return execFileSync('bash', [new URL('../.ci/fixtures/build-kernel.sh', import.meta.url).pathname], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim()
}

function qemuVersion(): string {
  try {
    return execFileSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' }).split('\n')[0]
  } catch {
    return 'qemu-system-x86_64: unknown version'
  }
}

interface WorkerResult {
  run: OursRun
  maxRssKiB: number
  /** User + system CPU time of the whole worker process. */
  cpuMs: number
}

/** One engine run of `command` in its own node process. */
function runWorker(script: string, args: WorkerArgs): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench worker exited ${code}`))
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as WorkerResult)
      } catch (e) {
        reject(new Error(`bench worker printed no result: ${String(e)}`))
      }
    })
  })
}

/** benchSetup() writes @actions/* debug lines to stdout; keep the report clean. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = (() => true) as typeof process.stdout.write
  try {
    return await fn()
  } finally {
    process.stdout.write = write
  }
}

async function main(): Promise<void> {
  const kernel = kernelPath()
  log('compiling the engine for the worker processes')
  const compiled = compileBench()
  try {
    await measure(kernel, compiled)
  } finally {
    compiled.remove()
  }
}

async function measure(kernel: string, compiled: CompiledBench): Promise<void> {
  const load0 = loadavg()[0]
  const started = performance.now()
  const target = (command: string, index = 0) => benchTarget(kernel, command, index, VM)

  // 1 + 4: per-target wall time against the floor; the 10 MiB runs in worker processes.
  const bareTrue: number[] = []
  const bareUpstream: number[] = []
  const floorTrue: number[] = []
  const oursTrue: number[] = []
  const floor10: number[] = []
  const ours10: number[] = []
  const throughput: number[] = []
  const rss: number[] = []
  const cpu10: number[] = []
  const tailLatency: number[] = []
  for (let i = 0; i < RUNS; i++) {
    log(`per-target round ${i + 1}/${RUNS}`)
    bareTrue.push((await runBare(target('true'))).wallMs)
    bareUpstream.push((await runBare(target('true'), undefined, true)).wallMs)
    floorTrue.push((await runFloor(target('true'))).wallMs)
    oursTrue.push((await runOurs([target('true')], 1)).wallMs)
    const f = await runFloor(target(PRINT_10MIB))
    if (f.outputBytes !== TEN_MIB) throw new Error(`the floor's command printed ${f.outputBytes} bytes, not ${TEN_MIB}`)
    floor10.push(f.wallMs)
    const w = await runWorker(compiled.script('worker'), { kernel, command: PRINT_10MIB, ...VM })
    const t = w.run.targets[0]
    if (t.outputBytes !== TEN_MIB)
      throw new Error(`the engine delivered ${t.outputBytes} bytes of output, not ${TEN_MIB}`)
    ours10.push(w.run.wallMs)
    throughput.push(t.outputBytes / 1e6 / (((t.lastOutputMs ?? 0) - (t.firstOutputMs ?? 0)) / 1000))
    rss.push(w.maxRssKiB / 1024)
    cpu10.push(w.cpuMs)
    tailLatency.push((t.commandEndMs ?? 0) - (t.lastOutputMs ?? 0))
  }

  // 2 + 3: four 1-vCPU targets, jobs=1 against jobs=2; each prints one line as its last act.
  const four = Array.from({ length: 4 }, (_, i) => target(`echo ${DONE_LINE}`, i))
  const jobs1: number[] = []
  const jobs2: number[] = []
  const completion: number[] = []
  for (let i = 0; i < RUNS; i++) {
    log(`parallel round ${i + 1}/${RUNS}`)
    const seq = await runOurs(four, 1)
    jobs1.push(seq.wallMs)
    // Completion latency from the sequential runs: nothing else competes for the host then.
    for (const t of seq.targets) completion.push((t.commandEndMs ?? 0) - (t.lastOutputMs ?? 0))
    jobs2.push((await runOurs(four, 2)).wallMs)
  }

  // 5: runner setup.
  const cold: number[] = []
  const warm: number[] = []
  let setupError: string | undefined
  for (let i = 0; i < RUNS && !setupError; i++) {
    log(`setup round ${i + 1}/${RUNS}`)
    try {
      const s = await quietly(() => benchSetup())
      cold.push(s.coldMs)
      warm.push(s.warmMs)
    } catch (e) {
      setupError = e instanceof Error ? e.message : String(e)
    }
  }

  // 6: shared_fs = "virtiofs" against 9p, stock kernel (bench/virtiofs.ts).
  const virtiofsRows = await benchVirtiofs(RUNS, log)

  const m = {
    bareTrue: median(bareTrue),
    bareUpstream: median(bareUpstream),
    floorTrue: median(floorTrue),
    oursTrue: median(oursTrue),
    floor10: median(floor10),
    ours10: median(ours10),
    completion: median(completion),
    tail10: median(tailLatency),
    jobs1: median(jobs1),
    jobs2: median(jobs2),
    throughput: median(throughput),
    rss: Math.max(...rss),
    cold: median(cold),
    warm: median(warm),
  }
  const floorMBs = TEN_MIB / 1e6 / ((m.floor10 - m.floorTrue) / 1000)
  const W = [38, 12, 12, 7, 12, 4]
  const line = (label: string, base: string, ours: string, r: string, goal: string, ok?: boolean): string =>
    row([label, base, ours, r, goal, ok === undefined ? '' : verdict(ok)], W)
  const lines = [
    `vmtest-action bench: median of ${RUNS} runs per figure, the two sides interleaved run by run`,
    `host: ${availableParallelism()} cores, load average ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end; ${qemuVersion()}; TCG`,
    `guest: ${kernel}, ${VM.numCpus} vCPU, ${VM.memory}; floor: QEMU + bench/floor-init.sh; bare floor: bench/bare.ts`,
    '',
    line('', 'floor/base', 'vmtest', 'ratio', 'goal'),
    line(
      'per-target wall time, `true`, bare floor',
      seconds(m.bareTrue),
      seconds(m.oursTrue),
      ratio(m.oursTrue / m.bareTrue),
      `<= ${GOALS.floorRatio.toFixed(2)}x`,
      m.oursTrue / m.bareTrue <= GOALS.floorRatio,
    ),
    line(
      "  bare floor, upstream's kernel cmdline",
      seconds(m.bareUpstream),
      seconds(m.oursTrue),
      ratio(m.oursTrue / m.bareUpstream),
      '',
    ),
    line(
      'per-target wall time, `true`',
      seconds(m.floorTrue),
      seconds(m.oursTrue),
      ratio(m.oursTrue / m.floorTrue),
      `<= ${GOALS.floorRatio.toFixed(2)}x`,
      m.oursTrue / m.floorTrue <= GOALS.floorRatio,
    ),
    line(
      'per-target wall time, 10 MiB output',
      seconds(m.floor10),
      seconds(m.ours10),
      ratio(m.ours10 / m.floor10),
      `<= ${GOALS.floorRatio.toFixed(2)}x`,
      m.ours10 / m.floor10 <= GOALS.floorRatio,
    ),
    line(
      'completion latency, last line->result',
      '',
      millis(m.completion),
      '',
      `<= ${GOALS.completionMs} ms`,
      m.completion <= GOALS.completionMs,
    ),
    line('  the same after 10 MiB of output', '', millis(m.tail10), '', ''),
    line(
      '4 x 1-vCPU targets, jobs=1 vs jobs=2',
      seconds(m.jobs1),
      seconds(m.jobs2),
      ratio(m.jobs1 / m.jobs2),
      `>= ${GOALS.parallelSpeedup.toFixed(2)}x`,
      m.jobs1 / m.jobs2 >= GOALS.parallelSpeedup,
    ),
    line(
      'output throughput, guest -> host log',
      `${floorMBs.toFixed(1)} MB/s`,
      `${m.throughput.toFixed(1)} MB/s`,
      ratio(m.throughput / floorMBs),
      `>= ${GOALS.throughputMBs} MB/s`,
      m.throughput >= GOALS.throughputMBs,
    ),
    line(
      '  engine peak RSS, 10 MiB run (max)',
      '',
      `${m.rss.toFixed(0)} MB`,
      '',
      `<= ${GOALS.rssMB} MB`,
      m.rss <= GOALS.rssMB,
    ),
    line('  engine CPU time, 10 MiB run', '', seconds(median(cpu10)), '', ''),
    setupError
      ? `setup, cold vs warm tool cache: skipped: ${setupError}`
      : line('setup, cold vs warm tool cache', seconds(m.cold), seconds(m.warm), ratio(m.cold / m.warm), ''),
    '',
    ...virtiofsRows,
    '',
    `raw (ms): bare floor true ${fmt(bareTrue)}; floor true ${fmt(floorTrue)}; vmtest true ${fmt(oursTrue)}`,
    `          floor 10 MiB ${fmt(floor10)}; vmtest 10 MiB ${fmt(ours10)}`,
    `          jobs=1 ${fmt(jobs1)}; jobs=2 ${fmt(jobs2)}`,
    `          completion ${fmt(completion)}`,
    `bench took ${seconds(performance.now() - started)}`,
  ]
  process.stdout.write(lines.join('\n') + '\n')
}

function fmt(xs: number[]): string {
  return xs.map((x) => x.toFixed(0)).join(' ')
}

await main()
