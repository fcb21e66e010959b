/**
 * ActiveMQ killed while `check` runs (client ladder: stomp-login, ping-empty; e2e in midflight-check-e2e): the check ends in a
 * diagnosis within its timeout, never a hang or a stack trace, and Retry passes once the broker is
 * back. Real lab, lab lock held, restored in a finally.
 */
import {killedDuringRungCase} from './midflight-helpers.js';

for (const {step, rung} of [
	{step: 'client', rung: 'stomp-login'},
	{step: 'client', rung: 'ping-empty'},
])
	killedDuringRungCase(step, rung);
