// Boots Debian's stock kernel (9p and virtio as modules) through the initramfs our code
// generates, with nothing else from the project: bare QEMU under TCG, the host root over 9p,
// and a throwaway init script that reports what it sees and powers off.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { buildInitramfs } from '../../src/initramfs/build.js'
import { decideBootPath } from '../../src/initramfs/decide.js'
import { usePrivateTmp } from './own-leftovers.js'

const HARD_TIMEOUT_MS = 120_000
const MARKER = 'VMTEST-IRFS-MARKER'

function findStockKernel(): string | undefined {
  try {
    return readdirSync('/boot')
      .filter((f) => /^vmlinuz-.*-amd64$/.test(f))
      .map((f) => path.join('/boot', f))
      .find((f) => {
        try {
          accessSync(f, constants.R_OK)
          return true
        } catch {
          return false
        }
      })
  } catch {
    return undefined
  }
}

const kernel = findStockKernel()
const hasQemu = spawnSync('qemu-system-x86_64', ['--version']).status === 0
const skipReason = !kernel
  ? 'no readable /boot/vmlinuz-*-amd64 (install linux-image-amd64; on Ubuntu runners /boot is root-only)'
  : !hasQemu
    ? 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)'
    : !existsSync('/bin/busybox')
      ? 'no /bin/busybox (apt-get install busybox-static)'
      : undefined
if (skipReason) console.warn(`__tests__/vm/initramfs.test.ts skipped: ${skipReason}`)

usePrivateTmp()

const dir = mkdtempSync('/tmp/vmtest-initramfs-vm-')
const running = new Set<ChildProcess>()
afterEach(() => {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The init the 9p root hands over to: reports, then powers off (sysrq is asynchronous, so it
 *  waits instead of exiting, which would panic the kernel). */
function writeGuestInit(): string {
  const file = path.join(dir, 'guest-init.sh')
  writeFileSync(
    file,
    `#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
ports=no; [ -d /sys/class/virtio-ports ] && ports=yes
write=denied; if (echo x >"${dir}/rw-probe") 2>/dev/null; then write=ok; fi
echo "${MARKER} release=$(uname -r) virtio-ports=$ports write=$write"
echo o >/proc/sysrq-trigger
# Power-off is asynchronous and tears the 9p root down under us: exec'ing anything
# from it now (even sleep) can fail with EIO, and PID 1 exiting panics the kernel.
# Wait with shell builtins only.
while :; do :; done
`,
    { mode: 0o755 },
  )
  return file
}

interface Boot {
  console: string
  code: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  ms: number
}

function boot(initrd: string, extraArgs: string): Promise<Boot> {
  const args = [
    ...['-accel', 'tcg', '-cpu', 'qemu64', '-m', '1G', '-smp', '2'],
    ...['-nodefaults', '-display', 'none', '-serial', 'stdio', '-no-reboot'],
    ...['-kernel', kernel as string, '-initrd', initrd],
    ...['-virtfs', 'local,id=root,path=/,mount_tag=/dev/root,security_model=none,multidevs=remap'],
    '-append',
    `rootfstype=9p rootflags=trans=virtio,cache=mmap,msize=1048576 rw console=ttyS0,115200 panic=-1 ${extraArgs}`,
  ]
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    running.add(child)
    let output = ''
    let timedOut = false
    child.stdout.on('data', (d: Buffer) => (output += d.toString('latin1')))
    child.stderr.on('data', (d: Buffer) => (output += d.toString('latin1')))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, HARD_TIMEOUT_MS)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      running.delete(child)
      resolve({ console: output, code, signal, timedOut, ms: Date.now() - started })
    })
  })
}

function tail(text: string): string {
  return text.split('\n').slice(-40).join('\n')
}

describe.skipIf(skipReason !== undefined)('stock Debian kernel through the generated initramfs', () => {
  let modules: string[] = []
  let release = ''
  const initrd = path.join(dir, 'initramfs.cpio')

  it('decides on an initramfs and builds it', () => {
    const decision = decideBootPath({ kernel: kernel as string, rootfs: '/', mode: 'auto', arch: 'x86_64' })
    expect(decision.initramfs, decision.reason).toBe(true)
    release = decision.kernelVersion as string
    modules = decision.modules as string[]
    const started = performance.now()
    const data = buildInitramfs({ rootfs: '/', kernelVersion: release, modules })
    const ms = performance.now() - started
    writeFileSync(initrd, data)
    console.info(
      `initramfs for ${release}: ${modules.length} modules, ${data.length} bytes, built in ${ms.toFixed(0)} ms`,
    )
  })

  it('boots, switches to the 9p root and runs init= with virtio ports present', async () => {
    const init = writeGuestInit()
    rmSync(path.join(dir, 'rw-probe'), { force: true })
    const result = await boot(initrd, `init=${init}`)
    console.info(`boot to poweroff: ${result.ms} ms`)
    expect(result.timedOut, tail(result.console)).toBe(false)
    expect(result.console).toContain(`vmtest-initramfs: loaded ${modules.length} modules, switching root`)
    expect(result.console).toContain(`${MARKER} release=${release} virtio-ports=yes write=ok`)
    expect(existsSync(path.join(dir, 'rw-probe'))).toBe(true)
    expect(result.console).not.toContain('Kernel panic')
  })

  it('mounts the root read-only when the command line ends with ro', async () => {
    const init = writeGuestInit()
    rmSync(path.join(dir, 'rw-probe'), { force: true })
    const result = await boot(initrd, `ro init=${init}`)
    expect(result.timedOut, tail(result.console)).toBe(false)
    expect(result.console).toContain(`${MARKER} release=${release} virtio-ports=yes write=denied`)
    expect(existsSync(path.join(dir, 'rw-probe'))).toBe(false)
  })

  it('powers off with the failing module named when insmod fails (no hang)', async () => {
    // virtio before virtio_ring: "unknown symbol", as the kernel docs warn.
    const swapped = [modules[1], modules[0], ...modules.slice(2)]
    const bad = path.join(dir, 'bad.cpio')
    writeFileSync(bad, buildInitramfs({ rootfs: '/', kernelVersion: release, modules: swapped }))
    const result = await boot(bad, `init=${writeGuestInit()}`)
    expect(result.timedOut, tail(result.console)).toBe(false)
    expect(result.console).toMatch(
      new RegExp(`vmtest-initramfs: FATAL: insmod /lib/modules/${release}/${swapped[0]} failed: .*unknown symbol`),
    )
    expect(result.console).toContain('vmtest-initramfs: powering off')
    expect(result.console).not.toContain(MARKER)
  })

  it('powers off with a clear message when init= does not exist', async () => {
    const result = await boot(initrd, `init=${dir}/no-such-init`)
    expect(result.timedOut, tail(result.console)).toBe(false)
    expect(result.console).toContain(`vmtest-initramfs: FATAL: init ${dir}/no-such-init does not exist in the 9p root`)
  })
})
