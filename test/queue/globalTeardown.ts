import { cleanUpRegistry } from '../../scripts/n8n/queue';

/** Whatever the suite left behind (a test that died before its afterAll): process groups, Postgres, folders. */
export default function globalTeardown(): void {
	const file = process.env.N8N_QUEUE_REGISTRY;
	if (!file) return;
	const cleaned = cleanUpRegistry(file);
	if (cleaned.length) console.log(`queue suite teardown cleaned up: ${cleaned.join(', ')}`);
}
