import { installN8n } from '../../scripts/n8n/install';
import { ensureRedis, PG_BIN } from '../../scripts/n8n/queue';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What the queue suite needs before it starts: redis-server (apt-get when root), Postgres 15, n8n 2.41.1. */
export default function globalSetup(): void {
	// Read by scripts/n8n/queue.ts (same process: the suite runs --runInBand) and by globalTeardown.ts.
	process.env.N8N_QUEUE_REGISTRY = path.join(os.tmpdir(), `n8n-queue-registry-${process.pid}.txt`);
	ensureRedis();
	if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
		throw new Error(`Postgres 15 is missing (${PG_BIN}/initdb): install it with \`sudo apt-get install -y postgresql-15\`, or set PG_BIN`);
	}
	installN8n();
}
