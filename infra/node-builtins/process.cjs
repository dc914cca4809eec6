// node:process as Node's CommonJS module (infra/bundling.ts NODE_BUILTINS_AS_COMMONJS says why).
module.exports = process.getBuiltinModule('node:process');
