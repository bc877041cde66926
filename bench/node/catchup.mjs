// Reads a Durable Stream from the start to the present with the official
// TypeScript client (@durable-streams/client) and prints the message count.
//
// Usage: node catchup.mjs PEERS_DIR STREAM_URL
// PEERS_DIR is testdata/peers, whose node_modules holds the client.
import { createRequire } from "node:module"
import path from "node:path"

const [peersDir, url] = process.argv.slice(2)
if (!peersDir || !url) {
  console.error("usage: node catchup.mjs PEERS_DIR STREAM_URL")
  process.exit(2)
}
const require = createRequire(path.join(path.resolve(peersDir), "package.json"))
const { stream } = require("@durable-streams/client")

const res = await stream({ url, offset: "-1", live: false })
let count = 0
const reader = res.jsonStream().getReader()
for (;;) {
  const { done } = await reader.read()
  if (done) break
  count++
}
process.stdout.write(`${count}\n`)
