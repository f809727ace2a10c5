#!/usr/bin/env node
// Calls an XML-RPC server with the npm package xmlrpc (1.3.2), for the Go
// interop tests (interop/node_test.go).
//
// usage: node client.js URL < calls.json
//
// calls.json is a JSON array of calls, made one after the other:
//   {"method": "echo.echo", "params": [...]}
// Params are JSON values, with two tagged objects for the types JSON lacks:
//   {"$date": "2024-01-02T03:04:05Z"}  a Date
//   {"$base64": "AP8="}                a Buffer holding those bytes
// The output is a JSON array with one entry per call:
//   {"value": v}                             v tagged the same way
//   {"fault": {"code": n, "string": "..."}}  a fault
//   {"error": "message"}                     any other error
'use strict'

const xmlrpc = require('xmlrpc')

function decode(v) {
  if (Array.isArray(v)) return v.map(decode)
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v)
    if (keys.length === 1 && keys[0] === '$date') return new Date(v.$date)
    if (keys.length === 1 && keys[0] === '$base64') return Buffer.from(v.$base64, 'base64')
    const out = {}
    for (const k of keys) out[k] = decode(v[k])
    return out
  }
  return v
}

function encode(v) {
  if (v instanceof Date) return { $date: v.toISOString() }
  if (Buffer.isBuffer(v)) return { $base64: v.toString('base64') }
  if (Array.isArray(v)) return v.map(encode)
  if (v !== null && typeof v === 'object') {
    const out = {}
    for (const k of Object.keys(v)) out[k] = encode(v[k])
    return out
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) }
  return v
}

function call(client, method, params) {
  return new Promise((resolve) => {
    client.methodCall(method, params, (err, value) => {
      if (err && err.faultCode !== undefined) {
        resolve({ fault: { code: err.faultCode, string: err.faultString } })
      } else if (err) {
        resolve({ error: String(err.message || err) })
      } else {
        resolve({ value: encode(value) })
      }
    })
  })
}

async function main() {
  const url = process.argv[2]
  if (!url) {
    process.stderr.write('usage: node client.js URL < calls.json\n')
    process.exit(2)
  }
  let input = ''
  for await (const chunk of process.stdin) input += chunk
  const calls = JSON.parse(input)
  const client = xmlrpc.createClient(url)
  const results = []
  for (const c of calls) {
    results.push(await call(client, c.method, decode(c.params || [])))
  }
  process.stdout.write(JSON.stringify(results) + '\n')
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + '\n')
  process.exit(1)
})
