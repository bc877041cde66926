// Starts the Durable Streams reference server for Go tests.
//
// Usage: node ds-server.mjs [--port N] [--data-dir DIR] [--long-poll-ms N] [--no-compression]
//
// Prints the base URL as the only line on stdout once listening (the server's
// own logging is sent to stderr), and shuts down cleanly when stdin closes or
// on SIGTERM/SIGINT, so a crashed test binary never leaves it running.
import { DurableStreamTestServer } from "@durable-streams/server"

// The library logs through console.info; keep stdout for the URL line only.
for (const level of ["log", "info", "debug", "warn"]) {
  console[level] = (...args) => console.error(...args)
}

function parseArgs(argv) {
  const opts = { host: "127.0.0.1", port: 0 }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`)
      return argv[++i]
    }
    const integer = () => {
      const n = Number(value())
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer`)
      return n
    }
    switch (flag) {
      case "--port":
        opts.port = integer()
        break
      case "--data-dir":
        opts.dataDir = value()
        break
      case "--long-poll-ms":
        opts.longPollTimeout = integer()
        break
      case "--no-compression":
        opts.compression = false
        break
      default:
        throw new Error(`unknown flag ${flag}`)
    }
  }
  return opts
}

let server
try {
  server = new DurableStreamTestServer(parseArgs(process.argv.slice(2)))
  const url = await server.start()
  process.stdout.write(`${url}\n`)
} catch (err) {
  console.error(`ds-server: ${err?.stack ?? err}`)
  process.exit(2)
}

let stopping = false
async function shutdown() {
  if (stopping) return
  stopping = true
  // A client holding a keep-alive request open must not block the exit.
  const force = setTimeout(() => server.server?.closeAllConnections(), 2000)
  force.unref()
  try {
    await server.stop()
    process.exit(0)
  } catch (err) {
    console.error(`ds-server: stop failed: ${err?.stack ?? err}`)
    process.exit(1)
  }
}

process.on("SIGTERM", shutdown)
process.on("SIGINT", shutdown)
process.stdin.on("end", shutdown)
process.stdin.on("error", shutdown)
process.stdin.resume()
