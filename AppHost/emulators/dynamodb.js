// DynamoDB emulator (dynalite). GET / answers 200 "healthy", which the AppHost uses as its health check.
const dynalite = require('dynalite')

const port = Number(process.env.PORT ?? 4567)
const host = process.env.HOST ?? '127.0.0.1'
const dataDir = process.env.DATA_DIR || undefined // unset: in memory

const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
server.listen(port, host, () => {
  console.log(`dynalite listening on http://${host}:${port} (${dataDir ? `data in ${dataDir}` : 'in memory'})`)
})

// SIGBREAK is what Windows sends on Ctrl+Break and console close; SIGHUP when a terminal goes away.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
  process.on(signal, () => server.close(() => process.exit(0)))
}
