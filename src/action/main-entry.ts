// Thin entry point of the action's main step (dist/main/index.js).
import * as core from '@actions/core'
import { run } from './main.js'

process.on('unhandledRejection', (e) => core.setFailed(`unhandled rejection: ${String(e)}`))
run().catch((e: unknown) => core.setFailed(e instanceof Error ? (e.stack ?? e.message) : String(e)))
