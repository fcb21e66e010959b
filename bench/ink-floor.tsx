/**
 * The floor for a first frame drawn with Ink: a bundle (built like dist/cli.mjs, by
 * scripts/build.mjs) that renders one line and nothing else. bench/startup.ts times it beside
 * `node -e 0` and the wizard: what is left between it and the wizard is the wizard's own.
 */
import {render, Text} from 'ink';

render(<Text>Landmark 1</Text>);
