import { installN8n } from '../../scripts/n8n/install';

/** Installs n8n once before any e2e test (a no-op of a few milliseconds when .cache/ already has it). */
export default function globalSetup(): void {
	installN8n();
}
