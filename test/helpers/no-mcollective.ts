/**
 * A machine with only Node.js, made from this one: a private mount namespace (unshare -m) in which
 * MCollective, Ruby, Java and ActiveMQ are absent. Programs are whited out of /usr/bin and
 * /usr/sbin with an overlay (so exec and `which` say "not found", as on a fresh laptop, rather than
 * "permission denied"), their library and config directories are covered by empty tmpfs. Nothing
 * changes outside the namespace; it ends with its last process. Needs root (mount).
 */
import {spawnSync} from 'node:child_process';

/** Programs a fresh machine with only Node.js does not have (globs in /usr/bin and /usr/sbin). */
const PROGRAMS = [
	'mco*',
	'mcollective*',
	'ruby*',
	'gem*',
	'irb*',
	'erb*',
	'rake*',
	'bundle*',
	'java*',
	'activemq*',
];

/** Their libraries, plugins and configs. */
const DIRECTORIES = [
	'/usr/lib/ruby',
	'/usr/lib/x86_64-linux-gnu/ruby',
	'/usr/lib/aarch64-linux-gnu/ruby',
	'/usr/share/ruby',
	'/usr/share/mcollective',
	'/usr/libexec/mcollective',
	'/usr/share/activemq',
	'/usr/lib/jvm',
	'/etc/mcollective',
	'/etc/activemq',
];

/**
 * A shell script (for `sh -c`) that, run inside a fresh mount namespace, hides everything above;
 * `scratch` is an empty directory of ours that holds the overlays' upper layers (on a tmpfs).
 */
function hideScript(scratch: string): string {
	const lines = [
		'set -e',
		`S='${scratch}'`,
		'mount -t tmpfs mco-wizard-scratch "$S"',
		'for bin in /usr/bin /usr/sbin; do',
		'  name=$(echo "$bin" | tr / _)',
		'  mkdir -p "$S/up$name" "$S/work$name"',
		`  for pattern in ${PROGRAMS.join(' ')}; do`,
		'    for f in "$bin"/$pattern; do',
		// an overlay whiteout: a 0/0 character device makes the lower file absent
		'      w="$S/up$name/$(basename "$f")"',
		'      if { [ -e "$f" ] || [ -L "$f" ]; } && [ ! -e "$w" ]; then mknod "$w" c 0 0; fi',
		'    done',
		'  done',
		'  mount -t overlay mco-wizard-hide -o "lowerdir=$bin,upperdir=$S/up$name,workdir=$S/work$name" "$bin"',
		'done',
		`for d in ${DIRECTORIES.join(' ')}; do`,
		'  [ -d "$d" ] && mount -t tmpfs mco-wizard-empty "$d"',
		'done',
		'true',
	];
	return lines.join('\n');
}

/** argv that runs `command` (argv) on the Node-only machine. */
export function withoutMcollective(scratch: string, command: readonly string[]): string[] {
	return [
		'unshare',
		'--mount',
		'--propagation',
		'private',
		'sh',
		'-c',
		`${hideScript(scratch)}\nexec "$@"`,
		'no-mcollective',
		...command,
	];
}

/** Why the Node-only machine cannot be made here (not root, no unshare/overlay), or undefined. */
export function cannotHide(scratch: string): string | undefined {
	const [file, ...args] = withoutMcollective(scratch, ['true']);
	const r = spawnSync(file as string, args, {encoding: 'utf8'});
	if (r.error) return `unshare: ${r.error.message}`;
	if (r.status !== 0) return `cannot hide MCollective in a mount namespace: ${r.stderr.trim()}`;
	return undefined;
}
