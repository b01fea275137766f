/** @deprecated kept for CDataSyncTrigger.node.ts until it imports from ./fields. */
export { workspaceLocator } from './fields';
