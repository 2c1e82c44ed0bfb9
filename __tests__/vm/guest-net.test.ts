// A guest ready for BPF and network tests, on Debian's stock kernel (bpf built in, virtio-net
// a module the generated initramfs loads): bpffs at /sys/fs/bpf, locked memory unlimited,
// `lo` up, and with `network = "user"` a configured NIC through which the command fetches
// from a server the test runs on the host's loopback (10.0.2.2 in the guest). The host's own
// /etc/resolv.conf (the guest root is the host's `/`) is never written. The tiny kernel has
// no virtio-net: there the guest says so and the command still runs.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, stockKernel, tempDir, tinyKernel } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'

usePrivateTmp()

let server: Server
let port: number
const BODY = `hello from the host ${process.pid}`
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url === '/hello' ? 200 : 404, { 'content-type': 'text/plain' })
    res.end(req.url === '/hello' ? BODY : 'no')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function config(dir: string, kernel: string, command: string): string {
  const file = join(dir, 'vmtest.toml')
  writeFileSync(
    file,
    `[[target]]\nname = "net"\nkernel = ${JSON.stringify(kernel)}\ncommand = ${JSON.stringify(command)}\n[target.vm]\nnetwork = "user"\n`,
  )
  return file
}

describe('the stock kernel guest', () => {
  it('bpffs, unlimited memlock and lo up, without asking', async () => {
    const r = await cli([
      '--accel',
      'tcg',
      '-k',
      stockKernel(),
      '--',
      'mount | grep " /sys/fs/bpf "; echo "memlock=$(ulimit -l)"; ip -o link show lo; ls /sys/class/net',
    ])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^bpf on \/sys\/fs\/bpf type bpf \(rw,/m)
    expect(r.stdout).toContain('memlock=unlimited')
    expect(r.stdout).toMatch(/^1: lo: <LOOPBACK,UP,LOWER_UP>/m)
    // No NIC unless asked (upstream's default).
    expect(r.stdout).not.toMatch(/^eth0$/m)
  })

  it('network = "user": the command reaches a server on the host as 10.0.2.2; DNS via /run, the host file untouched', async () => {
    const t = tempDir()
    const resolv = '/etc/resolv.conf'
    const before = existsSync(resolv)
      ? { text: readFileSync(resolv, 'utf8'), mtime: statSync(resolv).mtimeMs }
      : undefined
    try {
      const command = [
        `curl -sS --max-time 60 http://10.0.2.2:${port}/hello; echo`,
        // bash's own /dev/tcp: no client program needed.
        `exec 7<>/dev/tcp/10.0.2.2/${port}; printf 'GET /hello HTTP/1.0\\r\\n\\r\\n' >&7; tail -n1 <&7; echo`,
        'ip -o -4 addr show; ip route',
        'cat /etc/resolv.conf',
      ].join('\n')
      const r = await cli(['--accel', 'tcg', '-c', config(t.dir, stockKernel(), command)])
      expect(r.code, r.stdout + r.stderr).toBe(0)
      const lines = r.stdout.split('\n')
      expect(lines.filter((l) => l === BODY)).toHaveLength(2)
      expect(r.stdout).toMatch(/ inet 10\.0\.2\.15\/24 /)
      expect(r.stdout).toMatch(/^default via 10\.0\.2\.2 /m)
      expect(r.stdout).toMatch(/^nameserver 10\.0\.2\.3$/m)
      // The initramfs loaded the NIC's module with the root's.
      expect(r.stdout).toMatch(/virtio_net as modules: booting through a generated initramfs/)
      if (before) {
        expect(readFileSync(resolv, 'utf8')).toBe(before.text)
        expect(statSync(resolv).mtimeMs).toBe(before.mtime)
      }
    } finally {
      t.remove()
    }
  })
})

describe('the tiny kernel guest', () => {
  const tinyConfig = (): string => readFileSync(join(dirname(tinyKernel()), '.config'), 'utf8')

  it('network = "user" without CONFIG_VIRTIO_NET: the guest says why and the command runs offline', async () => {
    const hasNic = /^CONFIG_VIRTIO_NET=y$/m.test(tinyConfig())
    const t = tempDir()
    try {
      const r = await cli([
        '--accel',
        'tcg',
        '-c',
        config(
          t.dir,
          tinyKernel(),
          `ls /sys/class/net; curl -sS --max-time 30 http://10.0.2.2:${port}/hello || echo offline`,
        ),
      ])
      expect(r.code, r.stdout + r.stderr).toBe(0)
      if (hasNic) {
        // A fixture built with virtio-net: then it must work like the stock kernel.
        expect(r.stdout).toContain(BODY)
      } else {
        expect(r.stdout).toContain(
          'vmtest: network: no Ethernet device (a kernel without CONFIG_VIRTIO_NET?): the guest stays offline',
        )
        expect(r.stdout).toMatch(/^offline$/m)
      }
    } finally {
      t.remove()
    }
  })
})
