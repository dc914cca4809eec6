// node:http as Node's CommonJS module: an ES import of it builds the module's ES facade, which on Node 22
// reads the lazy WebSocket, CloseEvent and MessageEvent getters and so loads undici (~40 ms, ~55 ms of
// CPU at every cold start, for a client that never opens a WebSocket). infra/bundling.ts says why
// every builtin is taken this way.
module.exports = process.getBuiltinModule('node:http');
