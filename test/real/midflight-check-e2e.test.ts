/**
 * ActiveMQ killed while `check --step e2e` runs its native ping: the check ends in a
 * diagnosis within its timeout, never a hang or a stack trace, and Retry passes once the broker is
 * back. Real lab, lab lock held, restored in a finally.
 */
import {killedDuringRungCase} from './midflight-helpers.js';

for (const {step, rung} of [{step: 'e2e', rung: 'ping-nodes'}]) killedDuringRungCase(step, rung);
