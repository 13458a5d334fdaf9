/**
 * The knowledge base being served: the editable store the configuration asks for (store.ts) and
 * the live engine and routing table of its published revision, swapped on every instance after
 * each publish (live.ts). It joins the knowledge store, the engine, triage and storage, so only the
 * composition root imports it. See docs/knowledge-editing.md.
 */
export { openKbStore, type OpenKbStoreOptions } from './store';
export { createLiveKnowledgeBase, type LiveKnowledgeBase, type LiveKnowledgeBaseOptions, type LiveChange } from './live';
export { openPolicyServices, policyTitleIn, scannablePolicies, type PolicyServices, type PolicyServicesOptions } from './policy-services';
