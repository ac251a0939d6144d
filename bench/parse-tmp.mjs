import fs from 'node:fs'
const {parseMarkdown} = await import('../dist/src/syntax.js')
const text = fs.readFileSync(process.argv[2], 'utf8')
const times = []
for (let i = 0; i < 3; i++) { const t = performance.now(); parseMarkdown(text); times.push(((performance.now() - t) / 1000).toFixed(2)) }
console.log(process.execArgv.join(' ') || 'default', times.join(' '))
