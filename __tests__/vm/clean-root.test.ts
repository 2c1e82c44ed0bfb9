// The closest this machine gets to a fresh GitHub runner: a `debootstrap --variant=minbase`
// root (.ci/fixtures/build-clean-root.sh) with no QEMU, OVMF, busybox or qemu-ga. The bundled
// action runs inside a throw-away overlay of it (private mount and PID namespaces, chroot)
// and must install everything itself, then boot Debian's stock kernel with that root as the
// guest root (initramfs built around the installed static busybox) and a UEFI image (the
// installed OVMF). This machine has all those packages system-wide, which is how setup
// finding them and the engine then not using them went unseen.
import { describe, expect, it, beforeAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fixture, parseOutputs } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

const repo = resolve(import.meta.dirname, '../..')
const ownTmp = usePrivateTmp()

/** Inside the chroot: the action as the runner starts it. */
const GUEST_ENV: Record<string, string> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  GITHUB_WORKSPACE: '/ws',
  GITHUB_STEP_SUMMARY: '/ws/.summary.md',
  GITHUB_OUTPUT: '/ws/.output',
  GITHUB_STATE: '/ws/.state',
  RUNNER_TEMP: '/runner/temp',
  RUNNER_TOOL_CACHE: '/runner/tool-cache',
}

// Runs as root in fresh mount + PID namespaces: when it exits, every mount it made and
// every process it started are gone with the namespaces. $1 lower root, $2 work folder.
const ENTER = `
set -eu
lower=$1 w=$2 m=$2/merged
mount -t overlay overlay -o "lowerdir=$lower,upperdir=$w/upper,workdir=$w/work" "$m"
mount -t proc proc "$m/proc"
mount --rbind /sys "$m/sys"
mount --rbind /dev "$m/dev"
mkdir -p "$m/action" "$m/usr/local/bin"
mount --bind -o ro "$3" "$m/action"
touch "$m/usr/local/bin/node"
mount --bind /usr/bin/node "$m/usr/local/bin/node"
shift 3
exec chroot "$m" /usr/bin/env -i "$@" /usr/local/bin/node /action/dist/main/index.js
`

interface ActionRun {
  status: number | null
  log: string
  outputs: Record<string, string>
  /** The chroot's /ws after the run (the overlay's upper folder). */
  ws: string
  pid: number
}

function runInCleanRoot(
  root: string,
  work: string,
  files: Record<string, string>,
  inputs: Record<string, string>,
): ActionRun {
  for (const d of ['upper/ws', 'upper/etc', 'work', 'merged']) mkdirSync(join(work, d), { recursive: true })
  // Name resolution for apt inside the root, as a runner has it.
  copyFileSync('/etc/resolv.conf', join(work, 'upper/etc/resolv.conf'))
  // The runner creates these files before a step starts.
  for (const f of ['.summary.md', '.output', '.state']) writeFileSync(join(work, 'upper/ws', f), '')
  for (const [name, from] of Object.entries(files))
    spawnSync('cp', ['--sparse=always', from, join(work, 'upper/ws', name)])
  const env = { ...GUEST_ENV }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`)
  const r = spawnSync(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '--pid',
      '--fork',
      '--',
      'bash',
      '-c',
      ENTER,
      'enter',
      root,
      work,
      repo,
      ...assignments,
    ],
    {
      encoding: 'utf8',
      timeout: 1_500_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  const ws = join(work, 'upper/ws')
  let outputs: Record<string, string> = {}
  try {
    outputs = parseOutputs(readFileSync(join(ws, '.output'), 'utf8'))
  } catch {
    // no outputs written: the log says why
  }
  return { status: r.status, log: r.stdout + r.stderr, outputs, ws, pid: r.pid }
}

/** Mounts under `dir` still in this process's mount table. */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => l.includes(dir))
}

/** Processes whose root is under `dir` (anything started in the chroot and left running). */
function processesRootedIn(dir: string): string[] {
  const out: string[] = []
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/root`).startsWith(dir))
        out.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`)
    } catch {
      // gone, or not ours to read
    }
  }
  return out
}

describe.each(['tool-cache', 'apt'])('the bundled action in a clean Debian root, install: %s', (install) => {
  let root: string
  let image: string
  let kernel: string
  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error('the clean-root test needs root (unshare, overlayfs, chroot)')
    root = fixture('clean-root')[0]
    image = fixture('uefi-image')[0]
    kernel = readdirSync(join(root, 'boot')).filter((f) => /^vmlinuz-.*-amd64$/.test(f))[0]
    if (!kernel) throw new Error(`${root}/boot has no vmlinuz-*-amd64: rebuild the fixture`)
  })

  it('installs QEMU, busybox, qemu-ga and OVMF itself, boots the stock kernel on that root and a UEFI image', () => {
    const work = join(ownTmp().dir, `clean-${install}`)
    try {
      const config = `[[target]]
name = "stock kernel"
kernel = "/boot/${kernel}"
command = "echo \\"clean-root-guest $(uname -r) $(cat /etc/debian_version)\\"; test -x /bin/busybox || echo no-busybox-in-root"
vm.memory = "1G"

[[target]]
name = "uefi image"
image = "disk.img"
uefi = true
command = "echo \\"uefi-guest $(uname -r)\\""
vm.memory = "1G"
`
      writeFileSync(join(ownTmp().dir, 'vmtest.toml'), config)
      const r = runInCleanRoot(
        root,
        work,
        { 'vmtest.toml': join(ownTmp().dir, 'vmtest.toml'), 'disk.img': image },
        {
          config: 'vmtest.toml',
          accel: 'tcg',
          install,
          cache: 'false',
          jobs: '1',
        },
      )
      rmSync(join(ownTmp().dir, 'vmtest.toml'))
      const context = `action log (install: ${install}):\n${r.log.slice(-6000)}`
      expect(r.log, context).not.toMatch(/No static busybox|no UEFI firmware found/)
      expect(r.status, context).toBe(0)
      const version = kernel.replace(/^vmlinuz-/, '')
      expect(r.log, context).toContain(
        `clean-root-guest ${version} ${readFileSync(join(root, 'etc/debian_version'), 'utf8').trim()}`,
      )
      if (install === 'tool-cache') expect(r.log, context).toContain('no-busybox-in-root')
      expect(r.log, context).toContain(`uefi-guest ${version}`)
      expect(r.outputs.passed, context).toBe('2')
      const results = JSON.parse(r.outputs.results) as Array<{ name: string; result: string; accel: string }>
      expect(results.map((x) => [x.name, x.result, x.accel])).toEqual([
        ['stock kernel', 'pass', 'tcg'],
        ['uefi image', 'pass', 'tcg'],
      ])
      // The cached root stays clean: everything went to the overlay's upper folder.
      expect(readdirSync(join(root, 'usr/bin')).filter((f) => f.startsWith('qemu-'))).toEqual([])
      if (install === 'tool-cache')
        expect(readdirSync(join(work, 'upper/runner/tool-cache')).some((f) => f.startsWith('vmtest-qemu-'))).toBe(true)
      else expect(readdirSync(join(work, 'upper/usr/bin')).includes('qemu-system-x86_64')).toBe(true)
    } finally {
      // The namespaces died with the action: nothing of it may be mounted or running.
      const mounts = mountsUnder(work)
      const procs = processesRootedIn(join(work, 'merged'))
      rmSync(work, { recursive: true, force: true })
      expect(mounts).toEqual([])
      expect(procs).toEqual([])
    }
  })
})
