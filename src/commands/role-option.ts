/** `--role client` or `--role client,node`, shared by the wizard and `check`. */
import {InvalidArgumentError} from 'commander';
import {parseRoles} from '../core/role.js';
import type {Role} from '../core/types.js';

export function roleOption(raw: string): Role[] {
	const parsed = parseRoles(raw);
	if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
	return parsed.roles;
}
