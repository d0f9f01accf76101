// Prints "N passed, N failed, N skipped" from the TRX files that `dotnet test --logger trx` wrote.
const fs = require('node:fs')
const path = require('node:path')

const dir = process.argv[2] ?? 'TestResults'
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.trx')) : []
const totals = { passed: 0, failed: 0, skipped: 0 }
for (const file of files) {
  const xml = fs.readFileSync(path.join(dir, file), 'utf8')
  const counters = /<Counters\b([^>]*)\/?>/.exec(xml)?.[1] ?? ''
  const count = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(counters)?.[1] ?? 0)
  totals.passed += count('passed')
  totals.failed += count('failed') + count('error') + count('timeout') + count('aborted')
  totals.skipped += count('notExecuted')
}
if (files.length === 0) totals.failed += 1 // no results at all is a failure, not a pass
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
