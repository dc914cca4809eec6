// Preloaded into the SES emulator's process (`node --require`): its HTTP server keeps an idle connection
// for 65 s instead of Node's 5 s. With 5 s, a client reusing a kept-alive socket just as the server
// closed it got "socket hang up"; the sender's SES client makes one attempt per call (no SDK retry, so
// every attempt takes a rate slot), and an attempt whose answer is lost is, rightly, an unknown outcome
// that the ledger holds back for the grace window: one reader of a bench then waited minutes. AWS's
// endpoints keep idle connections far longer than a sender stays idle between sends.
const http = require('node:http');

const createServer = http.createServer;
http.createServer = function keptAliveServer(...args) {
  const server = createServer.apply(this, args);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
};
