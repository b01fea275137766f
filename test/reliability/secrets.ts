/**
 * Distinctive secrets for the reliability runs. The sandbox compares logins and tokens with the exported constants at
 * request time, so captureSetup.ts swaps them in before any test runs: a leak of "sandbox" (also the user name) could
 * not be told apart from the user name, a leak of these can.
 */
export const RELIABILITY_SECRETS = {
	informaticaPassword: 'Rel-Infa-Pa55-7c1e9b',
	cdataToken: 'Rel-CData-T0ken-93af51',
} as const;

/** Relational Migrator connection passwords the scenarios put into connection strings and JDBC fields. */
export const RM_SECRETS = {
	jdbcPassword: 'Rel-Jdbc-Pw-4a8d2f',
	mongoPassword: 'Rel-Mongo-Pw-61be07',
};
export const RM_MONGO_URI = `mongodb://etl:${RM_SECRETS.mongoPassword}@mongo.example.internal:27017/sales`;
