import type {ReactElement} from 'react';
import type {HostRoles} from '../../src/app.js';
import {App} from '../../src/app.js';
import {resume} from '../../src/core/machine.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import type {FakeDeps} from './fake-deps.js';

/**
 * The App resumed at `at` with the seed's ingredients, Ingredients and the message broker landmark
 * passed an hour before the fake clock, secrets saved, no dry run: the wizard as most screen tests
 * start it.
 */
export function wizardAt(deps: FakeDeps, at: Parameters<typeof resume>[0], host?: HostRoles): ReactElement {
	const hourAgo = deps.clock - 3_600_000;
	const passed = {
		ingredients: {state: 'passed' as const, at: hourAgo},
		activemq: {state: 'passed' as const, at: hourAgo},
	};
	return (
		<App
			deps={deps}
			initial={resume(at, passed)}
			ingredients={SEED_INGREDIENTS}
			saveSecrets
			dryRun={false}
			progressPath="/tmp/progress.ini"
			{...(host ? {host} : {})}
		/>
	);
}
