// node:async_hooks as Node's CommonJS module (infra/bundling.ts NODE_BUILTINS_AS_COMMONJS says why).
module.exports = process.getBuiltinModule('node:async_hooks');
