#!/usr/bin/env node
// `npx vmtest` from a checkout: the CLI is the committed bundle, so no build step is needed.
import '../dist/cli/index.js'
