// Progress of long setup work: the pure formatters (tables), the throttle and the meter on an
// injected clock (no sleeping), URL redaction, apt's progress lines, and the per-package lines
// of `apt-get install` and of a tool-cache bundle build with a fake apt.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseAptProgressLine } from '../../src/setup/apt.js'
import { aptInstall } from '../../src/setup/apt-install.js'
import { buildBundle } from '../../src/setup/bundle-build.js'
import type { ExecOpts } from '../../src/setup/exec.js'
import { withRunnerEnv } from '../../src/setup/host.js'
import { asRoot } from '../../src/setup/privilege.js'
import {
  formatBar,
  formatBytes,
  formatDuration,
  formatFinished,
  formatProgress,
  liveProgress,
  logProgress,
  Meter,
  PackageProgress,
  progressFor,
  redactUrl,
  Throttle,
  type ProgressState,
} from '../../src/setup/progress.js'
import { recordingExec } from './setup-helpers.js'

const GiB = 1024 ** 3
const MiB = 1024 ** 2

describe('formatting', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1024 * 1024 - 1, '1.0 MiB'],
    [512 * MiB, '512.0 MiB'],
    [2 * GiB, '2.0 GiB'],
    [5 * 1024 * GiB, '5.0 TiB'],
    [-5, '0 B'],
    [Number.NaN, '0 B'],
  ])('formatBytes(%s) = %s', (n, text) => expect(formatBytes(n)).toBe(text))

  it.each([
    [0, '0 s'],
    [200, '0.2 s'],
    [1500, '1.5 s'],
    [42_000, '42 s'],
    [60_000, '1 min 00 s'],
    [185_000, '3 min 05 s'],
    [3_720_000, '1 h 02 min'],
  ])('formatDuration(%s) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text))

  const s = (o: Partial<ProgressState>): ProgressState => ({ label: 'kernel_url', done: 0, elapsedMs: 0, ...o })
  it.each<[Partial<ProgressState>, string]>([
    [
      { done: 512 * MiB, total: 2 * GiB, bytesPerSecond: 48 * MiB },
      'kernel_url: 25% (512.0 MiB of 2.0 GiB), 48.0 MiB/s, about 32 s left',
    ],
    [{ done: 512 * MiB, total: 2 * GiB }, 'kernel_url: 25% (512.0 MiB of 2.0 GiB)'],
    [{ done: 512 * MiB, bytesPerSecond: 48 * MiB }, 'kernel_url: 512.0 MiB so far, 48.0 MiB/s'],
    [
      { done: 2 * GiB - 1, total: 2 * GiB, bytesPerSecond: 1 },
      'kernel_url: 99% (2.0 GiB of 2.0 GiB), 1 B/s, about 1 s left',
    ],
    // A server that sends more than it announced: never past 100%, no time left.
    [{ done: 3 * GiB, total: 2 * GiB, bytesPerSecond: MiB }, 'kernel_url: 100% (3.0 GiB of 2.0 GiB), 1.0 MiB/s'],
    [{ done: 0, total: 2 * GiB, bytesPerSecond: 0 }, 'kernel_url: 0% (0 B of 2.0 GiB), 0 B/s'],
    [{ done: 10, total: 0 }, 'kernel_url: 10 B so far'],
  ])('formatProgress(%o)', (state, text) => expect(formatProgress(s(state))).toBe(text))

  it('formatFinished gives the size, the time and the average rate', () => {
    expect(formatFinished(s({ done: 2 * GiB, elapsedMs: 40_000 }))).toBe('kernel_url: 2.0 GiB in 40 s, 51.2 MiB/s')
    expect(formatFinished(s({ done: 0, elapsedMs: 0 }))).toBe('kernel_url: 0 B in 0 s')
  })

  it.each([
    [120, 'kernel_url [########----------------------] 25%  512.0 MiB / 2.0 GiB  48.0 MiB/s  about 32 s left'],
    [80, 'kernel_url [###--------] 25%  512.0 MiB / 2.0 GiB  48.0 MiB/s  about 32 s left'],
    [70, 'kernel_url  25%  512.0 MiB / 2.0 GiB  48.0 MiB/s  about 32 s left'],
    [60, 'kernel_url  25%  512.0 MiB / 2.0 GiB  48.0 MiB/s'],
    [30, 'kernel_url  25%  512.0 MiB /'],
    [5, 'kernel_url  25%  512'],
  ])('formatBar fits %s columns', (columns, text) => {
    const line = formatBar(s({ done: 512 * MiB, total: 2 * GiB, bytesPerSecond: 48 * MiB }), columns)
    expect(line).toBe(text)
    expect(line.length).toBeLessThanOrEqual(Math.max(20, columns - 1))
  })

  it('formatBar without a size shows bytes and rate only', () => {
    expect(formatBar(s({ done: 3 * MiB, bytesPerSecond: MiB }), 80)).toBe('kernel_url  3.0 MiB  1.0 MiB/s')
  })
})

describe('Throttle and Meter on an injected clock', () => {
  it('the throttle fires once per interval counted from its creation', () => {
    let t = 1000
    const th = new Throttle(5000, () => t)
    const fired: number[] = []
    for (t = 1000; t <= 21_000; t += 500) if (th.due()) fired.push(t)
    expect(fired).toEqual([6000, 11_000, 16_000, 21_000])
  })

  it('the meter reports at the sink pace with the recent rate, and a closing line on success', () => {
    let t = 0
    const lines: string[] = []
    const meter = new Meter(
      'image_url',
      logProgress((l) => lines.push(l), 5000),
      100 * MiB,
      () => t,
    )
    // 1 MiB every 100 ms for 5 s, then 1 MiB every second (the server slows down)
    for (let i = 0; i < 50; i++) {
      t += 100
      meter.add(MiB)
    }
    for (let i = 0; i < 10; i++) {
      t += 1000
      meter.add(MiB)
    }
    meter.finish(true)
    expect(lines).toEqual([
      'image_url: 50% (50.0 MiB of 100.0 MiB), 10.0 MiB/s, about 5 s left',
      'image_url: 55% (55.0 MiB of 100.0 MiB), 1.0 MiB/s, about 45 s left',
      'image_url: 60% (60.0 MiB of 100.0 MiB), 1.0 MiB/s, about 40 s left',
      'image_url: 60.0 MiB in 15 s, 4.0 MiB/s',
    ])
  })

  it('a failed transfer prints no closing line; a short one prints only the closing line', () => {
    let t = 0
    const lines: string[] = []
    const sink = logProgress((l) => lines.push(l))
    const failed = new Meter('x', sink, undefined, () => t)
    t = 100
    failed.add(10)
    failed.finish(false)
    expect(lines).toEqual([])
    const quick = new Meter('x', sink, 10, () => t)
    t = 600
    quick.add(10)
    quick.finish(true)
    expect(lines).toEqual(['x: 10 B in 0.5 s, 20 B/s'])
  })

  it('a terminal gets one line redrawn in place, cleared at the end', () => {
    let t = 0
    const writes: string[] = []
    const lines: string[] = []
    const meter = new Meter(
      'x',
      liveProgress({ write: (w) => writes.push(w), columns: 60 }, (l) => lines.push(l)),
      1000,
      () => t,
    )
    for (let i = 0; i < 10; i++) {
      t += 100
      meter.add(100)
    }
    meter.finish(true)
    expect(writes.length).toBe(6) // at 200, 400 … 1000 ms, then the clear
    expect(writes.slice(0, 5).every((w) => w.startsWith('\r') && w.endsWith('\x1b[K') && !w.includes('\n'))).toBe(true)
    expect(writes[5]).toBe('\r\x1b[K')
    expect(lines).toEqual(['x: 1000 B in 1 s, 1000 B/s'])
  })

  it('progressFor: a live line only on a terminal without NO_COLOR or TERM=dumb', () => {
    const log = (): void => undefined
    expect(progressFor({ write: () => true, isTTY: true }, log, {}).intervalMs).toBe(200)
    expect(progressFor({ write: () => true, isTTY: false }, log, {}).intervalMs).toBe(5000)
    expect(progressFor({ write: () => true, isTTY: true }, log, { NO_COLOR: '1' }).intervalMs).toBe(5000)
    expect(progressFor({ write: () => true, isTTY: true }, log, { TERM: 'dumb' }).intervalMs).toBe(5000)
  })
})

describe('redactUrl', () => {
  it.each([
    ['https://example.com/k/bzImage', 'https://example.com/k/bzImage'],
    ['https://user:pw@example.com/bzImage', 'https://***@example.com/bzImage'],
    ['https://token@example.com/bzImage', 'https://***@example.com/bzImage'],
    [
      'https://s3.example.com/disk.img?X-Amz-Signature=abc&X-Amz-Expires=300',
      'https://s3.example.com/disk.img?X-Amz-Signature=***&X-Amz-Expires=***',
    ],
    ['https://example.com/disk.img?download', 'https://example.com/disk.img?download'],
    ['https://example.com/disk.img#frag', 'https://example.com/disk.img'],
    ['not a url //user:pw@x?tok=1', 'not a url //***@x?***'],
  ])('%s', (url, shown) => expect(redactUrl(url)).toBe(shown))
})

/** Real `apt-get install` output (Debian 12), as a non-terminal sees it. */
const APT_INSTALL_OUTPUT = `Reading package lists...
Building dependency tree...
Reading state information...
The following NEW packages will be installed:
  cowsay hello libtext-charwidth-perl
0 upgraded, 3 newly installed, 0 to remove and 131 not upgraded.
Need to get 83.9 kB of archives.
After this operation, 420 kB of additional disk space will be used.
Get:1 http://deb.debian.org/debian bookworm/main amd64 libtext-charwidth-perl amd64 0.04-11 [9496 B]
Get:2 http://deb.debian.org/debian bookworm/main amd64 cowsay all 3.03+dfsg2-8 [21.4 kB]
Get:3 http://deb.debian.org/debian bookworm/main amd64 hello amd64 2.10-3 [53.1 kB]
debconf: delaying package configuration, since apt-utils is not installed
Fetched 83.9 kB in 0s (2392 kB/s)
Selecting previously unselected package libtext-charwidth-perl:amd64.
(Reading database ... 31234 files and directories currently installed.)
Preparing to unpack .../libtext-charwidth-perl_0.04-11_amd64.deb ...
Unpacking libtext-charwidth-perl:amd64 (0.04-11) ...
Selecting previously unselected package cowsay.
Preparing to unpack .../cowsay_3.03+dfsg2-8_all.deb ...
Unpacking cowsay (3.03+dfsg2-8) ...
Selecting previously unselected package hello.
Preparing to unpack .../hello_2.10-3_amd64.deb ...
Unpacking hello (2.10-3) ...
Setting up libtext-charwidth-perl:amd64 (0.04-11) ...
Setting up cowsay (3.03+dfsg2-8) ...
Setting up hello (2.10-3) ...
Processing triggers for man-db (2.11.2-2) ...`

describe('apt progress', () => {
  it.each([
    ['0 upgraded, 3 newly installed, 0 to remove and 131 not upgraded.', { kind: 'count', packages: 3 }],
    ['2 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.', { kind: 'count', packages: 3 }],
    ['Need to get 83.9 kB of archives.', { kind: 'size', size: '83.9 kB' }],
    ['Need to get 12.0 MB/40.1 MB of archives.', { kind: 'size', size: '12.0 MB' }],
    [
      'Get:2 http://deb.debian.org/debian bookworm/main amd64 cowsay all 3.03+dfsg2-8 [21.4 kB]',
      { kind: 'get', name: 'cowsay', size: '21.4 kB' },
    ],
    [
      'Get:1 http://archive.ubuntu.com/ubuntu noble-updates/main amd64 qemu-system-x86 amd64 1:8.2.2+ds-0ubuntu1.4 [12.1 MB]',
      { kind: 'get', name: 'qemu-system-x86', size: '12.1 MB' },
    ],
    ['Fetched 83.9 kB in 0s (2392 kB/s)', { kind: 'fetched', text: '83.9 kB in 0s (2392 kB/s)' }],
    ['Unpacking libtext-charwidth-perl:amd64 (0.04-11) ...', { kind: 'unpack', name: 'libtext-charwidth-perl' }],
    ['Setting up hello (2.10-3) ...', { kind: 'setup', name: 'hello' }],
    ['Reading package lists...', undefined],
    ['Preparing to unpack .../hello_2.10-3_amd64.deb ...', undefined],
  ])('%s', (line, event) => expect(parseAptProgressLine(line)).toEqual(event))

  it('the first package of each step at once, then one line per interval', () => {
    let t = 0
    const lines: string[] = []
    const p = new PackageProgress(
      'apt-get',
      (l) => lines.push(l),
      undefined,
      () => t,
      5000,
    )
    for (const line of APT_INSTALL_OUTPUT.split('\n')) {
      t += 1000
      p.line(line)
    }
    expect(lines).toEqual([
      'apt-get: 83.9 kB of packages to download',
      'apt-get: downloading 1/3: libtext-charwidth-perl (9496 B)',
      'apt-get: fetched 83.9 kB in 0s (2392 kB/s)',
      'apt-get: unpacking 1/3: libtext-charwidth-perl',
      'apt-get: unpacking 3/3: hello',
      'apt-get: setting up 1/3: libtext-charwidth-perl',
    ])
  })

  it('apt-get install streams its output into per-package lines', async () => {
    let t = 0
    const { exec } = recordingExec({
      'apt-get': (_args, opts?: ExecOpts) => {
        for (const line of APT_INSTALL_OUTPUT.split('\n')) {
          t += 100
          opts?.onStdoutLine?.(line)
        }
        return { stdout: APT_INSTALL_OUTPUT }
      },
      'dpkg-query': () => ({ stdout: 'hello\t2.10-3\n' }),
    })
    const lines: string[] = []
    const r = await aptInstall(['hello'], {
      exec,
      asRoot: asRoot(exec, true),
      log: (l) => lines.push(l),
      now: () => t,
      progressIntervalMs: 0,
    })
    expect(r.versions).toEqual({ hello: '2.10-3' })
    // interval 0: every package
    expect(lines.filter((l) => /^apt-get: (downloading|unpacking|setting up)/.test(l))).toHaveLength(9)
    expect(lines).toContain('apt-get: setting up 3/3: hello')
  })
})

describe('tool-cache bundle build progress', () => {
  let work = ''
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'progress-'))
  })
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }))

  it('says what each phase does and which package it is at', async () => {
    const names = ['qemu-system-x86', 'qemu-system-data', 'seabios', 'libslirp0']
    const { exec } = recordingExec({
      'apt-cache': (args) =>
        args[0] === 'depends'
          ? { stdout: 'qemu-system-x86\n  Depends: qemu-system-data\n  Depends: seabios\n  Depends: libslirp0\n' }
          : { stdout: names.map((n) => `${n}:\n  Installed: (none)\n  Candidate: 1.0\n`).join('') },
      'apt-get': (args, opts) => {
        for (const [i, spec] of args.slice(1).entries()) {
          const name = spec.split('=')[0]
          opts?.onStdoutLine?.(
            `Get:${i + 1} http://deb.debian.org/debian bookworm/main amd64 ${name} amd64 1.0 [${i + 1}0 kB]`,
          )
          fs.writeFileSync(path.join(opts!.cwd!, `${name}_1.0_amd64.deb`), Buffer.alloc(1024 * (i + 1)))
        }
        return {}
      },
      'dpkg-deb': (args) => {
        const name = path.basename(args[1]).split('_')[0]
        fs.mkdirSync(path.join(args[2], 'usr/share', name), { recursive: true })
        fs.writeFileSync(path.join(args[2], 'usr/share', name, 'file'), name)
        return {}
      },
    })
    const lines: string[] = []
    const spec = {
      requested: ['qemu-system-x86'],
      treatAsMissing: [],
      os: { id: 'debian', idLike: [], versionId: '12', codename: 'bookworm' },
      nodeArch: 'x64',
    }
    await withRunnerEnv(path.join(work, 'tc'), () =>
      buildBundle(spec, {
        exec,
        log: (l) => lines.push(l),
        asRoot: asRoot(exec, true),
        tempDir: path.join(work, 'temp'),
        timings: {},
        progressIntervalMs: 0,
      }),
    )
    const shown = lines.map((l) => l.replace(/ in [\d.]+ s$/, ' in N s'))
    expect(shown).toEqual([
      'tool-cache: resolving qemu-system-x86 and the libraries this host lacks (apt-cache)',
      'tool-cache: fetching 4 packages: qemu-system-x86 qemu-system-data seabios libslirp0',
      'tool-cache: downloading 1/4: qemu-system-x86 (10 kB)',
      'tool-cache: downloading 2/4: qemu-system-data (20 kB)',
      'tool-cache: downloading 3/4: seabios (30 kB)',
      'tool-cache: downloading 4/4: libslirp0 (40 kB)',
      'tool-cache: downloaded 4 .debs, 10.0 KiB in N s',
      'tool-cache: unpacking 1/4: libslirp0',
      'tool-cache: unpacking 2/4: qemu-system-data',
      'tool-cache: unpacking 3/4: qemu-system-x86',
      'tool-cache: unpacking 4/4: seabios',
      'tool-cache: recording a digest of every file in the bundle',
      'tool-cache: storing the bundle (4 files) in the tool cache',
    ])
  })
})
