/**
 * The command line (src/cli.tsx imports it after drawing the first frame): parses argv with
 * commander (src/program.ts) and hands off to one module per command in src/commands/. The wizard is the default command; `ping`, `rpc`, `check` run without a terminal.
 */
import {createProgram} from './program.js';

await createProgram().parseAsync(process.argv);
