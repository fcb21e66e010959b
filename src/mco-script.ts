/**
 * Entry of dist/mco.cjs: the whole path of mco's two commands, ping and rpc, as one CommonJS
 * script, which src/io/fast-command.ts runs with a V8 code cache (src/io/code-cache.ts) instead
 * of loading their ES module chunks. One script, not one each: they share nearly all of it (the
 * STOMP client, Marshal, the config reader), and rpc starts as fast from a cache its first run
 * saved as from one ping saved (README "ping's script and its code cache").
 */
export {pingAction} from './commands/ping.js';
export {rpcAction} from './commands/rpc.js';
