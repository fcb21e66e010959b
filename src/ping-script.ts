/**
 * Entry of dist/ping.cjs: ping's whole path as one CommonJS script, which src/io/fast-command.ts
 * runs with a V8 code cache (src/io/code-cache.ts) instead of loading ping's ES module chunks.
 */
export {pingAction} from './commands/ping.js';
