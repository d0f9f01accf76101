// S3 emulator (@20minutes/s3rver), started through its programmatic API because the published package has
// no bin script. It verifies SigV4 signatures (key pair S3RVER/S3RVER). GET /_health answers 200 for health checks.
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')
const S3rver = require('@20minutes/s3rver')

const port = Number(process.env.PORT ?? 4568)
const host = process.env.HOST ?? '127.0.0.1'
const persistentDir = process.env.DATA_DIR || undefined
const directory = persistentDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'))

const s3rver = new S3rver({ directory, silent: process.env.S3RVER_SILENT === 'true', resetOnClose: !persistentDir })
const handle = s3rver.callback()

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/_health') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('healthy')
    return
  }
  handle(req, res)
})

server.listen(port, host, () => {
  console.log(`s3rver listening on http://${host}:${port} (${persistentDir ? `data in ${directory}` : 'temporary data'})`)
})

// The temporary data folder goes however the process is asked to stop. SIGBREAK is what Windows sends on Ctrl+Break
// and console close; SIGHUP when a terminal goes away. A file Windows still holds is retried, not left behind silently.
function removeTemporaryData() {
  if (persistentDir) return
  try {
    fs.rmSync(directory, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  } catch (error) {
    console.error(`could not remove ${directory}: ${error.message}`)
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
  process.on(signal, () => {
    server.close()
    removeTemporaryData()
    process.exit(0)
  })
}
