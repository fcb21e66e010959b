/**
 * Entry of dist/rpc.cjs: rpc's whole path as one CommonJS script, which src/io/fast-command.ts
 * runs with a V8 code cache (src/io/code-cache.ts) instead of loading rpc's ES module chunks.
 * One script per command, not one for both: each code cache then holds what its own command ran.
 */
export {rpcAction} from './commands/rpc.js';
