import type { SandboxFamily } from '../core/context';
import * as cdataSync from './cdataSync';
import * as informaticaDbmi from './informaticaDbmi';
import * as informaticaDataIntegration from './informaticaDataIntegration';
import * as informaticaExport from './informaticaExport';
import * as informaticaImport from './informaticaImport';
import * as informaticaLogin from './informaticaLogin';
import * as informaticaTaskflow from './informaticaTaskflow';
import * as relationalMigrator from './relationalMigrator';

/** Every vendor family the sandbox loads, one line each. Each module exports `name` and `register(app, ctx)`. */
export const families: SandboxFamily[] = [
	informaticaLogin,
	informaticaDbmi,
	relationalMigrator,
	informaticaDataIntegration,
	informaticaImport,
	informaticaExport,
	informaticaTaskflow,
	cdataSync,
];
