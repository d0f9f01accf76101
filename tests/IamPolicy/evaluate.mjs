// Reads {"policy": <IAM policy document>, "account": "...", "requests": [{"action", "resource", "context"}]} on stdin
// and writes one verdict per request to stdout: {"action", "resource", "result", "errors"?}.
import { runSimulation } from '@cloud-copilot/iam-simulate'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const { policy, account, requests } = JSON.parse(Buffer.concat(chunks).toString('utf8'))

const verdicts = []
for (const request of requests) {
  const response = await runSimulation(
    {
      identityPolicies: [{ name: 'task-role', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action: request.action,
        principal: `arn:aws:iam::${account}:role/ImageApiTaskRole`,
        resource: { accountId: account, resource: request.resource },
        contextVariables: request.context ?? {}
      }
    },
    {}
  )
  verdicts.push({
    action: request.action,
    resource: request.resource,
    result: response.resultType === 'error' ? 'Error' : response.overallResult,
    errors: response.resultType === 'error' ? JSON.stringify(response.errors) : undefined
  })
}
process.stdout.write(JSON.stringify(verdicts))
