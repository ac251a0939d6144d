/**
 * The layers of the source, bottom to top, and the one rule they keep: a module imports
 * only from its own layer or the layers below it (the editor and the CLI, both at the
 * top, not from each other), and no modules import each other in a cycle.
 *
 * Imports are read with TypeScript's own pre-processor (`ts.preProcessFile`): it sees
 * static imports, re-exports, `import type` and `import()` alike.
 */
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import {describe, expect, it} from 'vitest'

const repo = path.resolve(import.meta.dirname, '..')

/** Bottom to top; folders on one line share a level and may not import each other. */
const layers: string[][] = [
  ['src/core'],
  ['src/syntax'],
  ['src/model'],
  ['src/facts'],
  ['src/library'],
  ['src/lint'],
  ['rules'],
  ['src/preset'],
  ['src/engine'],
  ['src/cli', 'src/editor']
]

function layerOf(file: string): {level: number; folder: string} {
  for (const [level, folders] of layers.entries()) {
    for (const folder of folders) if (file.startsWith(folder + '/')) return {level, folder}
  }
  throw new Error(`${file} is in no layer: add its folder to test/layers.test.ts and the README`)
}

function sources(folder: string): string[] {
  return fs
    .readdirSync(path.join(repo, folder), {recursive: true, encoding: 'utf8'})
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => `${folder}/${name.split(path.sep).join('/')}`)
}

/** The project files a module imports (relative specifiers only; packages are not layers). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(repo, file), 'utf8'), true, true)
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts'))
}

const modules = [...sources('src'), ...sources('rules')]
const graph = new Map(modules.map((file) => [file, importsOf(file)]))

describe('the layers of src/ and rules/', () => {
  it('place every module in a layer', () => {
    for (const file of modules) expect(() => layerOf(file)).not.toThrow()
  })

  it('import nothing from a layer above, nor across the top level', () => {
    const upward: string[] = []
    for (const [file, imports] of graph) {
      const from = layerOf(file)
      for (const target of imports) {
        const to = layerOf(target)
        if (to.level > from.level || (to.level === from.level && to.folder !== from.folder)) upward.push(`${file} → ${target}`)
      }
    }
    expect(upward).toEqual([])
  })

  it('import only modules that exist', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((target) => !graph.has(target)).map((target) => `${file} → ${target}`))
    expect(missing).toEqual([])
  })

  it('have no import cycles', () => {
    const state = new Map<string, 'open' | 'done'>()
    const cycles: string[] = []
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '))
        return
      }
      state.set(file, 'open')
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file])
      state.set(file, 'done')
    }
    for (const file of modules) visit(file, [])
    expect(cycles).toEqual([])
  })
})
