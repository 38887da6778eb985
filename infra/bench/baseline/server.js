'use strict';
// Baseline: the smallest useful live server. No persistence, no auth, no sequence numbers:
// every message a client sends is broadcast as-is to every open connection (sender included).
// GET /stats answers this process's memory and connection count, for the idle-socket figure.
const http = require('node:http');
const { WebSocketServer } = require('ws');

const port = Number(process.env.BASELINE_PORT || 0);
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/stats')) {
    if (req.url.includes('gc=1') && global.gc) global.gc();
    const m = process.memoryUsage();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ connections: wss.clients.size, rss: m.rss, heapUsed: m.heapUsed, external: m.external }));
    return;
  }
  res.statusCode = 404;
  res.end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) {
      if (client.readyState === 1) client.send(data, { binary: isBinary });
    }
  });
  ws.on('error', () => {});
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`BASELINE_LISTENING ${server.address().port}\n`);
});
const stop = () => { for (const c of wss.clients) c.terminate(); server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
