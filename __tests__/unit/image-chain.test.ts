// The image chain rules on qemu-img answers (shaped as qemu-img 7.2 prints them), with a fake
// file system: which backing files, data files and extents an image may make QEMU open.
import { describe, expect, it } from 'vitest'
import {
  checkImageChain,
  describeViolations,
  isProtocolName,
  MAX_CHAIN_DEPTH,
  MAX_INFO_BYTES,
  parseImageInfo,
  type ChainContext,
  type ImageLayerInfo,
} from '../../src/qemu/image-chain.js'

const WS = '/ws'
const IMAGES = '/ws/images'
/** Existing files and the real path of each (a link maps elsewhere). */
const FILES: Record<string, string> = {
  '/ws/images/base.qcow2': '/ws/images/base.qcow2',
  '/ws/images/over.qcow2': '/ws/images/over.qcow2',
  '/ws/images/data.raw': '/ws/images/data.raw',
  '/ws/images/disk-flat.vmdk': '/ws/images/disk-flat.vmdk',
  '/ws/images/disk.vmdk': '/ws/images/disk.vmdk',
  '/ws/other/base.qcow2': '/ws/other/base.qcow2',
  '/ws/images/link.qcow2': '/srv/secret.qcow2',
  '/srv/secret.qcow2': '/srv/secret.qcow2',
  '/etc/hostname': '/etc/hostname',
  '/home/runner/data.raw': '/home/runner/data.raw',
}
const ctx: ChainContext = { allowedDirs: [WS, IMAGES], cwd: '/home/runner', realpath: (p) => FILES[p] }

function qcow2(
  filename: string,
  extra: Partial<ImageLayerInfo> = {},
  data: Record<string, unknown> = {},
): ImageLayerInfo {
  return { filename, format: 'qcow2', 'format-specific': { type: 'qcow2', data: { compat: '1.1', ...data } }, ...extra }
}
function backed(
  filename: string,
  backing: string,
  full = backing.startsWith('/') ? backing : `${IMAGES}/${backing}`,
  fmt: string | null = 'qcow2',
): ImageLayerInfo {
  return qcow2(filename, {
    'backing-filename': backing,
    'full-backing-filename': full,
    ...(fmt !== null ? { 'backing-filename-format': fmt } : {}),
  })
}
function vmdk(filename: string, extents: string[]): ImageLayerInfo {
  return {
    filename,
    format: 'vmdk',
    'format-specific': { type: 'vmdk', data: { extents: extents.map((f) => ({ filename: f, format: 'FLAT' })) } },
  }
}

describe('checkImageChain', () => {
  const refused: { name: string; layers: ImageLayerInfo[]; file: string; rule: RegExp }[] = [
    {
      name: 'backing file outside the workspace',
      layers: [
        backed('/ws/images/over.qcow2', '/etc/hostname', '/etc/hostname', 'raw'),
        { filename: '/etc/hostname', format: 'raw' },
      ],
      file: '/etc/hostname',
      rule: /resolves to \/etc\/hostname, outside \/ws, \/ws\/images \(an image may only use files inside the workspace or its own folder\)/,
    },
    {
      name: 'relative backing name climbing out',
      layers: [backed('/ws/images/over.qcow2', '../../etc/hostname', '/ws/images/../../etc/hostname', 'raw')],
      file: '../../etc/hostname',
      rule: /resolves to \/etc\/hostname/,
    },
    {
      name: 'backing link inside pointing outside',
      layers: [backed('/ws/images/over.qcow2', 'link.qcow2')],
      file: 'link.qcow2',
      rule: /resolves to \/srv\/secret\.qcow2, outside/,
    },
    {
      name: 'json: backing',
      layers: [
        backed(
          '/ws/images/over.qcow2',
          'json:{"driver":"raw","file":{"driver":"file","filename":"/etc/hostname"}}',
          'json:{"driver":"raw","file":{"driver":"file","filename":"/etc/hostname"}}',
          'raw',
        ),
      ],
      file: 'json:{"driver":"raw","file":{"driver":"file","filename":"/etc/hostname"}}',
      rule: /protocol or json: name/,
    },
    {
      name: 'nbd: backing',
      layers: [backed('/ws/images/over.qcow2', 'nbd:localhost:10809', 'nbd:localhost:10809', 'raw')],
      file: 'nbd:localhost:10809',
      rule: /protocol or json: name/,
    },
    {
      name: 'http: backing',
      layers: [backed('/ws/images/over.qcow2', 'http://example.com/base.qcow2', 'http://example.com/base.qcow2')],
      file: 'http://example.com/base.qcow2',
      rule: /protocol/,
    },
    {
      name: 'missing backing file',
      layers: [backed('/ws/images/over.qcow2', 'gone.qcow2')],
      file: 'gone.qcow2',
      rule: /\/ws\/images\/gone\.qcow2 does not exist/,
    },
    {
      name: 'data file outside (absolute)',
      layers: [qcow2('/ws/images/over.qcow2', {}, { 'data-file': '/etc/hostname' })],
      file: '/etc/hostname',
      rule: /resolves to \/etc\/hostname, outside/,
    },
    // QEMU 7 opens a relative data file against its own working folder: judged both ways.
    {
      name: 'relative data file that lands outside from the working folder',
      layers: [qcow2('/ws/images/over.qcow2', {}, { 'data-file': 'data.raw' })],
      file: 'data.raw',
      rule: /resolves to \/home\/runner\/data\.raw, outside/,
    },
    {
      name: 'VMDK extent outside',
      layers: [vmdk('/ws/images/disk.vmdk', ['/ws/images/disk-flat.vmdk', '/etc/hostname'])],
      file: '/etc/hostname',
      rule: /resolves to \/etc\/hostname, outside/,
    },
    {
      name: 'VMDK extent json:',
      layers: [vmdk('/ws/images/disk.vmdk', ['json:{"driver":"file","filename":"/etc/hostname"}'])],
      file: 'json:{"driver":"file","filename":"/etc/hostname"}',
      rule: /protocol/,
    },
    {
      name: 'backing layer of a format nobody checks',
      layers: [
        backed('/ws/images/over.qcow2', 'base.qcow2', undefined, null),
        { filename: '/ws/images/base.qcow2', format: 'parallels' },
      ],
      file: '/ws/images/base.qcow2',
      rule: /format 'parallels' is not one whose file references vmtest checks/,
    },
    {
      name: 'backing format nobody checks, named in the header',
      layers: [backed('/ws/images/over.qcow2', 'base.qcow2', undefined, 'vvfat')],
      file: 'base.qcow2',
      rule: /format 'vvfat' is not one/,
    },
    {
      name: 'backing layer read as another format than its overlay names',
      layers: [backed('/ws/images/over.qcow2', 'base.qcow2', undefined, 'raw'), qcow2('/ws/images/base.qcow2')],
      file: '/ws/images/base.qcow2',
      rule: /named as raw but qemu-img read it as qcow2/,
    },
    {
      name: 'qcow2 without its details',
      layers: [{ filename: '/ws/images/over.qcow2', format: 'qcow2' }],
      file: '/ws/images/over.qcow2',
      rule: /did not report its qcow2 details/,
    },
    {
      name: 'QEMU 8 child node outside',
      layers: [
        qcow2('/ws/images/over.qcow2', {
          children: [
            { name: 'file', info: { filename: '/ws/images/over.qcow2', format: 'file' } },
            { name: 'data-file', info: { filename: '/etc/hostname', format: 'file' } },
          ],
        }),
      ],
      file: '/etc/hostname',
      rule: /outside/,
    },
    {
      name: 'loop',
      layers: [
        backed('/ws/images/over.qcow2', 'base.qcow2'),
        backed('/ws/images/base.qcow2', 'over.qcow2'),
        backed('/ws/images/over.qcow2', 'base.qcow2'),
      ],
      file: '/ws/images/over.qcow2',
      rule: /loops back/,
    },
    {
      name: 'chain with its last backing not inspected',
      layers: [backed('/ws/images/over.qcow2', 'base.qcow2')],
      file: '/ws/images/base.qcow2',
      rule: /qemu-img did not inspect it/,
    },
  ]
  it.each(refused)('refuses $name, naming the file and the rule', ({ layers, file, rule }) => {
    const verdict = checkImageChain(layers, ctx)
    expect(verdict.ok).toBe(false)
    if (verdict.ok) return
    expect(verdict.violations.map((v) => v.file)).toContain(file)
    expect(verdict.violations.map((v) => v.rule).join('\n')).toMatch(rule)
  })

  it('accepts a qcow2 overlay on a base image beside it', () => {
    const verdict = checkImageChain(
      [backed('/ws/images/over.qcow2', 'base.qcow2'), qcow2('/ws/images/base.qcow2')],
      ctx,
    )
    expect(verdict).toEqual({
      ok: true,
      layers: [
        { filename: '/ws/images/over.qcow2', format: 'qcow2', opens: ['/ws/images/base.qcow2'] },
        { filename: '/ws/images/base.qcow2', format: 'qcow2', opens: [] },
      ],
      next: undefined,
    })
  })

  it('accepts a base elsewhere in the workspace, a data file and VMDK extents beside the image', () => {
    expect(
      checkImageChain(
        [
          backed('/ws/images/over.qcow2', '../other/base.qcow2', '/ws/images/../other/base.qcow2'),
          qcow2('/ws/images/../other/base.qcow2'),
        ],
        { ...ctx, realpath: (p) => FILES[p.replace('/images/../', '/')] },
      ).ok,
    ).toBe(true)
    expect(checkImageChain([qcow2('/ws/images/over.qcow2', {}, { 'data-file': '/ws/images/data.raw' })], ctx).ok).toBe(
      true,
    )
    // A monolithic sparse VMDK lists itself as its extent.
    expect(checkImageChain([vmdk('/ws/images/disk.vmdk', ['/ws/images/disk.vmdk'])], ctx).ok).toBe(true)
    expect(checkImageChain([vmdk('/ws/images/disk.vmdk', ['/ws/images/disk-flat.vmdk'])], ctx)).toMatchObject({
      ok: true,
      layers: [{ opens: ['/ws/images/disk-flat.vmdk'] }],
    })
  })

  it('with open: the last backing file is judged and handed back, with the format QEMU will use', () => {
    expect(checkImageChain([backed('/ws/images/over.qcow2', 'base.qcow2')], ctx, { open: true })).toMatchObject({
      ok: true,
      next: { path: '/ws/images/base.qcow2', format: 'qcow2' },
    })
    // No backing format in the header: QEMU probes, so next has no format.
    expect(
      checkImageChain([backed('/ws/images/over.qcow2', 'base.qcow2', undefined, null)], ctx, { open: true }),
    ).toMatchObject({ ok: true, next: { path: '/ws/images/base.qcow2', format: undefined } })
    expect(checkImageChain([backed('/ws/images/over.qcow2', '/etc/hostname')], ctx, { open: true }).ok).toBe(false)
  })

  it(`bounds the chain at ${MAX_CHAIN_DEPTH} images`, () => {
    const names = Array.from({ length: MAX_CHAIN_DEPTH + 1 }, (_, i) => `/ws/images/l${i}.qcow2`)
    const deepCtx: ChainContext = { ...ctx, realpath: (p) => p }
    const layers = names.map((n, i) => (i + 1 < names.length ? backed(n, names[i + 1]) : qcow2(n)))
    const tooDeep = checkImageChain(layers, deepCtx)
    expect(tooDeep.ok).toBe(false)
    if (!tooDeep.ok)
      expect(tooDeep.violations[0].rule).toBe(`its backing chain is deeper than ${MAX_CHAIN_DEPTH} images`)
    // Exactly the bound, but the last layer still names a backing file: too deep, too.
    const atBound = checkImageChain(layers.slice(0, MAX_CHAIN_DEPTH), deepCtx)
    expect(atBound.ok).toBe(false)
    if (!atBound.ok) expect(atBound.violations[0].rule).toMatch(/deeper than/)
    expect(
      checkImageChain([...layers.slice(0, MAX_CHAIN_DEPTH - 1), qcow2(names[MAX_CHAIN_DEPTH - 1])], deepCtx).ok,
    ).toBe(true)
  })

  it('describes every violation with the file, what named it, and the rule', () => {
    const verdict = checkImageChain(
      [
        qcow2(
          '/ws/images/over.qcow2',
          { 'backing-filename': 'nbd:x:1', 'full-backing-filename': 'nbd:x:1' },
          { 'data-file': '/etc/hostname' },
        ),
      ],
      ctx,
    )
    if (verdict.ok) throw new Error('expected a refusal')
    const text = describeViolations('/ws/images/over.qcow2', verdict.violations)
    expect(text).toContain('image /ws/images/over.qcow2 refused before boot:')
    expect(text).toContain("backing file 'nbd:x:1' named by /ws/images/over.qcow2: it is a protocol or json: name")
    expect(text).toContain(
      "data file '/etc/hostname' named by /ws/images/over.qcow2: it resolves to /etc/hostname, outside",
    )
  })
})

describe('parseImageInfo', () => {
  it('reads a qemu-img answer', () => {
    expect(parseImageInfo(JSON.stringify(qcow2('/ws/images/over.qcow2')))).toMatchObject({
      filename: '/ws/images/over.qcow2',
      format: 'qcow2',
    })
  })
  it('refuses a huge answer before parsing it', () => {
    const huge = JSON.stringify(
      vmdk(
        '/ws/images/disk.vmdk',
        Array.from({ length: 20_000 }, (_, i) => `/ws/images/disk-s${String(i).padStart(40, '0')}.vmdk`),
      ),
    )
    expect(huge.length).toBeGreaterThan(MAX_INFO_BYTES)
    expect(() => parseImageInfo(huge)).toThrow(`larger than ${MAX_INFO_BYTES} bytes`)
  })
  it('refuses what is not an image description', () => {
    expect(() => parseImageInfo('qemu-img: oops')).toThrow('not JSON')
    expect(() => parseImageInfo('[]')).toThrow('no filename and format')
    expect(() => parseImageInfo('{"filename": 1, "format": "raw"}')).toThrow('no filename and format')
  })
})

describe('isProtocolName (QEMU path_has_protocol)', () => {
  it.each([
    ['json:{}', true],
    ['nbd:localhost:10809', true],
    ['http://x/y', true],
    ['file:/etc/hostname', true],
    ['/abs/a:b', false],
    ['./a:b', false],
    ['base.qcow2', false],
    ['dir/base.qcow2', false],
  ])('%s → %s', (name, want) => {
    expect(isProtocolName(name)).toBe(want)
  })
})
