/**
 * The headless Chromium the editor test drives: Debian's /usr/bin/chromium (or CHROMIUM_PATH). ensureChromium()
 * installs it through apt-get when this process may (root, or sudo without a password), else fails with the command.
 *
 *   npx ts-node --transpile-only scripts/n8n/chromium.ts
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y chromium';

function log(message: string): void {
	process.stderr.write(`[chromium] ${message}\n`);
}

/** The prefix that makes apt-get run as root here: '' for root, 'sudo -n' when sudo needs no password, else undefined. */
function rootPrefix(): string[] | undefined {
	if (process.getuid?.() === 0) return [];
	const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
	return sudo.status === 0 ? ['sudo', '-n'] : undefined;
}

function hasAptGet(): boolean {
	return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

export function ensureChromium(): string {
	if (fs.existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
	const prefix = hasAptGet() ? rootPrefix() : undefined;
	if (!prefix || process.env.CHROMIUM_PATH) {
		const why = process.env.CHROMIUM_PATH ? 'CHROMIUM_PATH names no file' : 'this user cannot install it';
		throw new Error(`${CHROMIUM_PATH} is missing (${why}): run \`${INSTALL_COMMAND}\`, or set CHROMIUM_PATH to a Chromium`);
	}
	const apt = (args: string[], timeoutMs: number) => {
		const [command, ...rest] = [...prefix, 'apt-get', ...args];
		log(`${command} ${rest.join(' ')}`);
		return spawnSync(command, rest, {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			stdio: ['ignore', 'ignore', 'pipe'],
			encoding: 'utf8',
			timeout: timeoutMs,
		});
	};
	const started = Date.now();
	apt(['update', '-qq'], 5 * 60_000); // may fail offline; the install below says whether it mattered
	const install = apt(['install', '-y', '-qq', 'chromium'], 15 * 60_000);
	if (install.status !== 0 || !fs.existsSync(CHROMIUM_PATH)) {
		const reason = (install.stderr ?? '').trim().split('\n').pop() ?? `exit ${install.status ?? install.signal}`;
		throw new Error(`${CHROMIUM_PATH} is missing and apt-get install chromium failed (${reason}): run \`${INSTALL_COMMAND}\``);
	}
	log(`installed ${CHROMIUM_PATH} in ${Math.round((Date.now() - started) / 1000)}s`);
	return CHROMIUM_PATH;
}

if (require.main === module) {
	try {
		log(`ready: ${ensureChromium()}`);
	} catch (error) {
		log((error as Error).message);
		process.exit(1);
	}
}
