/**
 * Where the team's shared reference material lives: `shared/` beside the repository (as on a
 * developer's machine, /work/shared next to /work/main, and in CI, a copy beside the fresh
 * clone). MCO_SHARED_DIR overrides it. Tests read the captured MCollective frames from here
 * rather than from a fixed absolute path, so they run wherever the clone is.
 */
import {fileURLToPath} from 'node:url';

export const SHARED_DIR =
	process.env.MCO_SHARED_DIR ?? fileURLToPath(new URL('../../../shared', import.meta.url));

/** The frames captured from a real MCollective 2.12.5 / ActiveMQ 5.17 exchange. */
export const FRAMES_DIR = process.env.MCO_FRAMES_DIR ?? `${SHARED_DIR}/mcollective/frames`;
