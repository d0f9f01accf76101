// Reads {"privateKey": PEM, "keyPairId": "...", "cases": [{"url": "...", "expires": <epoch seconds>}]} on stdin and writes
// the JSON array of the URLs AWS's reference signer makes for them (canned policy): {"url": ...} or {"error": ...} each.
import { getSignedUrl } from '@aws-sdk/cloudfront-signer'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const { privateKey, keyPairId, cases } = JSON.parse(Buffer.concat(chunks).toString('utf8'))

const signed = cases.map(({ url, expires }) => {
  try {
    // A number given to Date is milliseconds; the signer rounds the date back to seconds.
    return { url: getSignedUrl({ url, keyPairId, privateKey, dateLessThan: new Date(expires * 1000) }) }
  } catch (error) {
    return { error: String(error) }
  }
})
process.stdout.write(JSON.stringify(signed))
