/**
 * Informatica IDMC states -> the package's one job model (nodes/shared/jobOutcome.ts), in one place: this folder,
 * one file per API family. Each quirk named here has a test in test/unit/informatica/ that names it.
 */
export * from './databaseIngestion';
export * from './dataIntegration';
export * from './importExport';
export * from './taskflow';
