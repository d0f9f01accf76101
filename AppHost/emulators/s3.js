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

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close()
    if (!persistentDir) fs.rmSync(directory, { recursive: true, force: true })
    process.exit(0)
  })
}
