/**
 * The two n8n lines the package is tested on, and which one this process runs. Everything that differs between
 * the lines (what to install, with which Node, the environment, CLI commands and REST routes) is decided here.
 *
 *   N8N_E2E_LINE=1 | 2      the line of this process (default 2); `npm run test:e2e -- --line=1` sets it
 *   N8N_E2E_INSTALL_DIR_1   the install folder of line 1 (default .cache/n8n-1.123.81)
 *   N8N_E2E_INSTALL_DIR_2   the install folder of line 2 (default .cache/n8n-2.41.1); N8N_E2E_INSTALL_DIR also
 *                           moves it, as before there were two lines
 */
import * as path from 'path';

export type LineId = '1' | '2';

export interface N8nLine {
	id: LineId;
	n8nVersion: string;
	/**
	 * The Node this line runs on: `bundled` installs `node-<platform>-<arch>@<major>` into the install folder;
	 * `system` uses the Node running this process when its version is in [min, maxMajor], else the bundled major.
	 */
	node: { kind: 'bundled'; major: string } | { kind: 'system'; min: string; maxMajor: number; fallbackMajor: string };
	/** npm `overrides` written into the install folder's package.json before `npm install n8n`. */
	overrides?: Record<string, string>;
	/** Environment every n8n process of this line needs. */
	env: Record<string, string>;
	/**
	 * The CLI command that activates a workflow for the next `n8n start`, and the words it ends with on success:
	 * `publish:workflow` on 2.x, `update:workflow --active=true` on 1.x (which has no publish command).
	 */
	activateCommand(workflowId: string): { args: string[]; done: RegExp };
}

export const LINES: Record<LineId, N8nLine> = {
	'2': {
		id: '2',
		n8nVersion: '2.41.1',
		node: { kind: 'bundled', major: '24' },
		env: {},
		// The command's last words on success (commands/publish/workflow.js).
		activateCommand: (id) => ({ args: ['publish:workflow', `--id=${id}`], done: /Changes will not take effect/ }),
	},
	'1': {
		id: '1',
		n8nVersion: '1.123.81',
		node: { kind: 'system', min: '20.19.0', maxMajor: 24, fallbackMajor: '22' },
		// n8n-nodes-base 1.x names xlsx as a tarball URL outside the npm registry; 0.18.5 is on the registry.
		overrides: { xlsx: '0.18.5' },
		// Its isolated-vm expression engine is not built with scripts off: the CLI refuses to run without this.
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
		// commands/update/workflow.js of 1.123.81.
		activateCommand: (id) => ({
			args: ['update:workflow', `--id=${id}`, '--active=true'],
			done: /Activation or deactivation will not take effect/,
		}),
	},
};

export const LINE_IDS = Object.keys(LINES).sort().reverse() as LineId[];

const repoRoot = path.resolve(__dirname, '..', '..');

export function lineById(id: string): N8nLine {
	const line = LINES[id as LineId];
	if (!line) throw new Error(`unknown n8n line "${id}": use one of ${LINE_IDS.join(', ')}`);
	return line;
}

/** The line this process runs: N8N_E2E_LINE, default 2. */
export function currentLine(): N8nLine {
	return lineById(process.env.N8N_E2E_LINE || '2');
}

export function installDirOf(line: N8nLine): string {
	const configured = process.env[`N8N_E2E_INSTALL_DIR_${line.id}`] ?? (line.id === '2' ? process.env.N8N_E2E_INSTALL_DIR : undefined);
	return configured ? path.resolve(configured) : path.join(repoRoot, '.cache', `n8n-${line.n8nVersion}`);
}

/** "n8n 2.41.1" / "n8n 1.123.81", for test titles. */
export function lineLabel(line: N8nLine = currentLine()): string {
	return `n8n ${line.n8nVersion}`;
}
