/**
 * Every rule against its fixture library `fixtures/<rule-id>/`: each page must give
 * exactly the findings written in it (none when it states none).
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {rules} from '../../src/preset/rules.js'
import {fixturesRoot, runFixture} from '../helpers/harness.js'

interface FixtureConfig {
  /** Options for the rule under test. */
  options?: unknown
  /** Settings for the core plugin (headers, …). */
  settings?: Record<string, unknown>
}

for (const rule of rules) {
  describe(rule.meta.id, () => {
    const folder = path.join(fixturesRoot, rule.meta.id)
    const configFile = path.join(folder, 'fixture.json')
    const config: FixtureConfig = fs.existsSync(configFile) ? JSON.parse(fs.readFileSync(configFile, 'utf8')) : {}

    it('has a fixture library with valid and invalid pages', async () => {
      expect(fs.existsSync(folder), `fixtures/${rule.meta.id}/ exists`).toBe(true)
      const results = await runFixture(rule.meta.id, [[rule, ['warn', config.options]]], config.settings)
      expect(results.filter((r) => r.expected.length === 0).length).toBeGreaterThan(0)
      expect(results.filter((r) => r.expected.length > 0).length).toBeGreaterThan(0)
    })

    it('gives exactly the findings each fixture page states', async () => {
      const results = await runFixture(rule.meta.id, [[rule, ['warn', config.options]]], config.settings)
      for (const result of results) {
        expect([...result.actual].sort(), result.page).toEqual([...result.expected].sort())
        expect(result.contractBreaks, result.page).toEqual([])
      }
    })
  })
}
