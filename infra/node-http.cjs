// node:http as Node's CommonJS module, for the ES-module bundles (infra/bundling.ts aliases `http` and
// `node:http` here). An ES `import` of node:http makes Node 22 build the module's ES facade, which reads
// every export, among them the lazy WebSocket, CloseEvent and MessageEvent getters that load undici:
// ~40 ms (~55 ms of CPU) at every cold start, for a client that never opens a WebSocket. The CommonJS
// object reads nothing until used (process.getBuiltinModule: Node 20.16+, 22.3+; Lambda runs 22).
module.exports = process.getBuiltinModule('node:http');
