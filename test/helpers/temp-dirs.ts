/** Temporary folders for a test file, removed after each test (call `removeTemps` in `afterEach`). */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const temps: string[] = []

export function temp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  temps.push(dir)
  return dir
}

export function removeTemps(): void {
  for (const dir of temps.splice(0)) fs.rmSync(dir, {recursive: true, force: true})
}
