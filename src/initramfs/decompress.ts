import { execFileSync } from 'node:child_process'
import zlib from 'node:zlib'
import { InitramfsError } from './errors.js'

/** Distros compress modules (Ubuntu: .ko.zst, Debian ≥ 13 and Fedora: .ko.xz). busybox
 *  insmod hands the file to init_module as is, and only kernels with
 *  CONFIG_MODULE_DECOMPRESS could take a compressed one (through finit_module with a flag
 *  busybox does not pass), so modules go into the initramfs uncompressed. */
export type ModuleCompression = 'none' | 'gz' | 'xz' | 'zst'

function moduleCompression(modulePath: string): ModuleCompression {
  const match = /\.ko\.(gz|xz|zst)$/.exec(modulePath)
  return match ? (match[1] as ModuleCompression) : 'none'
}

/** The module path without its compression suffix: `9p.ko.zst` → `9p.ko`. */
export function uncompressedName(modulePath: string): string {
  return modulePath.replace(/\.ko\.(gz|xz|zst)$/, '.ko')
}

export interface Decompressed {
  data: Buffer
  /** How it was decompressed, e.g. "host xz"; undefined for an uncompressed module. */
  via?: string
}

type ZstdSync = (data: Buffer) => Buffer

/**
 * The uncompressed bytes of a module read from `file`. gzip is inflated in process; zstd too
 * on Node ≥ 22.15 (node:zlib gained zstd there); otherwise the host's `xz` / `zstd` tools are
 * run, and their absence is an InitramfsError that names the package to install.
 */
export function decompressModule(file: string, data: Buffer): Decompressed {
  const kind = moduleCompression(file)
  try {
    switch (kind) {
      case 'none':
        return { data }
      case 'gz':
        return { data: zlib.gunzipSync(data), via: 'node:zlib gunzip' }
      case 'zst': {
        const zstd = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync
        if (zstd) return { data: zstd(data), via: 'node:zlib zstd' }
        return { data: runTool('zstd', ['-dc'], data, 'zstd'), via: 'host zstd' }
      }
      case 'xz':
        return { data: runTool('xz', ['-dc'], data, 'xz-utils'), via: 'host xz' }
    }
  } catch (err) {
    if (err instanceof InitramfsError) throw err
    throw new InitramfsError(`Cannot decompress module ${file}: ${(err as Error).message}`)
  }
}

function runTool(tool: string, args: string[], input: Buffer, aptPackage: string): Buffer {
  try {
    return execFileSync(tool, args, { input, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InitramfsError(
        `Decompressing kernel modules needs the host's \`${tool}\` tool: install ${aptPackage} (apt-get install ${aptPackage})`,
      )
    }
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim()
    throw new Error(`\`${tool} ${args.join(' ')}\` failed${stderr ? `: ${stderr}` : ''}`)
  }
}
