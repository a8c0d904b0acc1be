/** The TypeScript side of every declared flow (flows/*.yaml), by name. */
import { diagnosisHooks } from './diagnosis.js';
import { estimateHooks } from './estimate.js';
import { filingHooks } from './filing.js';
import type { FlowHooksRegistry } from './types.js';

export const FLOW_HOOKS: FlowHooksRegistry = {
  filing: filingHooks,
  estimate: estimateHooks,
  diagnosis: diagnosisHooks,
};
