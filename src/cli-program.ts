/**
 * The command line (src/cli.tsx imports it after drawing the first frame): parses argv with
 * commander and hands off to one module per command in src/commands/. The wizard is the default command; `ping`, `rpc`, `check` run without a terminal.
 */
import {Command} from 'commander';
import {registerCommands} from './commands/index.js';

const program = new Command('mco-wizard')
	.description('Set up and verify MCollective over ActiveMQ for OpenShift Origin, one landmark at a time.')
	.version('0.1.0');

registerCommands(program);

await program.parseAsync(process.argv);
