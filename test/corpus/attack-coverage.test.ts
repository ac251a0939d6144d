/**
 * `content-lint coverage` over the 2025 snapshot (today's format): its Navigator layer
 * is valid against layer format 4.5 (test/data/navigator-layer-4.5.schema.json), and
 * every technique it draws is an active technique of 18.1.
 */
import fs from 'node:fs'
import path from 'node:path'
import Ajv from 'ajv'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/cli.js'
import {builtinReleases} from '../../src/library/attack/builtin.js'

const snapshot = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'cim2-2025-06-23')
const schema = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', 'data', 'navigator-layer-4.5.schema.json'), 'utf8'))

describe.skipIf(!fs.existsSync(snapshot))('the coverage layer of the 2025 snapshot', () => {
  it('loads in the Navigator layer format 4.5 schema', {timeout: 900_000}, async () => {
    const result = await runCli(['coverage', '--no-config', '--format', 'layer', snapshot], path.dirname(snapshot))
    expect(result).toMatchObject({code: 0, stderr: ''})
    const layer = JSON.parse(result.stdout)
    const validate = new Ajv({allErrors: true, strict: true}).compile(schema)
    expect(validate(layer), JSON.stringify(validate.errors)).toBe(true)
    expect(layer.techniques.length).toBeGreaterThan(100)
    const release = builtinReleases().find((r) => r.version === '18.1')!
    for (const technique of layer.techniques) {
      const known = release.techniques.get(technique.techniqueID)
      expect(known && !known.revoked && !known.deprecated, technique.techniqueID).toBe(true)
    }
  })
})
