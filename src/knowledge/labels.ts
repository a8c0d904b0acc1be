/**
 * The words for a person category and a scheme, by value (prompts/labels.yaml, prompts/dialogue.yaml): a table
 * each, typed by the domain's values, so a category or scheme added without its words fails to compile and a
 * missing sentence fails the prompts' check — not a person's turn.
 */
import type { PersonCategory, Scheme } from '../domain/types.js';
import { promptTable } from './prompt-table.js';

/** 异地安置退休人员, 常驻异地工作人员 …: a category as the notices name it. */
export const PERSON_CATEGORY_LABEL: Readonly<Record<PersonCategory, string>> = promptTable({
  retiree_resettled: 'label.person_category.retiree_resettled',
  long_term_resident: 'label.person_category.long_term_resident',
  posted_worker: 'label.person_category.posted_worker',
  referral: 'label.person_category.referral',
  emergency: 'label.person_category.emergency',
  temporary: 'label.person_category.temporary',
});

/** 城镇职工基本医疗保险, 城乡居民基本医疗保险: a scheme's full name. */
export const SCHEME_LABEL: Readonly<Record<Scheme, string>> = promptTable({
  employee: 'label.scheme.employee',
  resident: 'label.scheme.resident',
});

/** 城镇职工医保, 城乡居民医保: a scheme as the flows' buttons and answers name it. */
export const SCHEME_IN_FLOW: Readonly<Record<Scheme, string>> = promptTable({
  employee: 'flow.scheme.employee',
  resident: 'flow.scheme.resident',
});
