/**
 * The checks of n8n's `@n8n/scan-community-package` (the gate n8n runs before it verifies a package), on the local
 * tarballs. Its CLI takes only a package name: it reads the package's metadata and npm provenance from the
 * registry and downloads the attested source from GitHub, so it cannot check a tarball that is not published yet.
 * Its own lint legs are exported, and this runs them, with its own pinned eslint, plugins and config:
 *
 *   source leg  analyzePackage(<package's source tree>, SOURCE_FILE_PATTERNS): package.json, nodes/, credentials/
 *   dist leg    analyzePackage(<unpacked tarball>, ['**\/*.js', 'package.json']): what n8n would install
 *
 * The third check, provenance, only a published package can pass: the publishing workflows
 * (.github/workflows/publish-*.yml) publish with `npm publish --provenance`.
 *
 * The scanner is installed once from the npm registry into .cache/scan-community-package-<version>
 * (SCAN_COMMUNITY_PACKAGE_DIR moves it).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { PackedService } from './pack';

export const SCANNER_VERSION = '0.32.0';
const repoRoot = path.resolve(__dirname, '..', '..');

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

interface Scanner {
	analyzePackage(dir: string, patterns?: string[]): Promise<ScanResult>;
	SOURCE_FILE_PATTERNS: string[];
}

function scannerDir(): string {
	return process.env.SCAN_COMMUNITY_PACKAGE_DIR
		? path.resolve(process.env.SCAN_COMMUNITY_PACKAGE_DIR)
		: path.join(repoRoot, '.cache', `scan-community-package-${SCANNER_VERSION}`);
}

/** Installs the scanner (npm registry only) unless it is there; returns its scanner.mjs. */
export function installScanner(): string {
	const dir = scannerDir();
	const entry = path.join(dir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
	const installed = path.join(dir, 'node_modules', '@n8n', 'scan-community-package', 'package.json');
	if (fs.existsSync(entry) && JSON.parse(fs.readFileSync(installed, 'utf8')).version === SCANNER_VERSION) return entry;
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scan-runtime', private: true }));
	process.stderr.write(`[scan] installing @n8n/scan-community-package@${SCANNER_VERSION} into ${path.relative(repoRoot, dir)}\n`);
	const result = spawnSync('npm', ['install', `@n8n/scan-community-package@${SCANNER_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], {
		cwd: dir,
		stdio: ['ignore', 'ignore', 'inherit'],
		timeout: 600_000,
	});
	if (result.status !== 0 || !fs.existsSync(entry)) throw new Error(`installing @n8n/scan-community-package failed (exit ${result.status ?? result.signal})`);
	return entry;
}

// ts-node compiles import() to require(), which cannot load the scanner's ES module.
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

async function loadScanner(): Promise<Scanner> {
	return (await importEsm(pathToFileURL(installScanner()).href)) as Scanner;
}

function unpack(tgz: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
	const untar = spawnSync('tar', ['-xzf', tgz, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`unpacking ${tgz}: ${untar.stderr}`);
	return dir;
}

/** Both lint legs of the scanner on each package; prints one line per leg; true when all passed. */
export async function scanTarballs(packed: PackedService[]): Promise<boolean> {
	const scanner = await loadScanner();
	let passed = true;
	for (const entry of packed) {
		const unpacked = unpack(entry.tgz);
		try {
			const legs: Array<[string, ScanResult]> = [
				['source', await scanner.analyzePackage(entry.sourceDir, scanner.SOURCE_FILE_PATTERNS)],
				['tarball', await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json'])],
			];
			for (const [leg, result] of legs) {
				passed &&= result.passed;
				process.stdout.write(`${entry.service.name}: scan-community-package ${SCANNER_VERSION}, ${leg} leg: ${result.passed ? 'passed' : `FAILED ${result.message ?? ''}\n${result.details ?? ''}`}\n`);
			}
		} finally {
			fs.rmSync(unpacked, { recursive: true, force: true });
		}
	}
	return passed;
}
