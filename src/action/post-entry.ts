// Thin entry point of the action's post step (dist/post/index.js): saves the QEMU tool cache.
import * as core from '@actions/core'
import { post } from './post.js'

post().catch((e: unknown) => core.warning(`post step: ${e instanceof Error ? e.message : String(e)}`))
