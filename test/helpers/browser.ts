/**
 * Headless Chromium for the report tests: Debian's `chromium` package driven by
 * playwright-core (which never downloads a browser of its own). Where Chromium is not
 * installed, `openBrowser` says why and the tests skip with that reason.
 */
import fs from 'node:fs'
import {type Browser, chromium} from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  return fs.existsSync(chromiumPath) ? null : `no Chromium at ${chromiumPath} (apt-get install chromium; .ci/run installs it)`
}

/**
 * Chromium as this machine allows it: no sandbox (root), no network of its own.
 * playwright gives every launch a fresh profile in a temp folder.
 */
export async function openBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}
