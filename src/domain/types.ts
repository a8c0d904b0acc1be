import { z } from 'zod';

/** 参保人员类别 as the notices name them; colloquial forms are mapped by the NLU. */
export const PERSON_CATEGORIES = [
  'retiree_resettled', 'long_term_resident', 'posted_worker', 'referral', 'emergency', 'temporary',
] as const;
export const PersonCategorySchema = z.enum(PERSON_CATEGORIES);
export type PersonCategory = z.infer<typeof PersonCategorySchema>;


export const SCHEMES = ['employee', 'resident'] as const;
export const SchemeSchema = z.enum(SCHEMES);
export type Scheme = z.infer<typeof SchemeSchema>;

/** A GB/T 2260 administrative region. */
export const RegionSchema = z.object({
  code: z.string().regex(/^\d{6}$/, 'a six-digit GB/T 2260 code'),
  name: z.string().min(1),
  /**
   * A functional zone GB/T 2260 does not list (峡山区, corpus/nlu/places.yaml), by the name its notice's
   * tables give it: `code` and `name` are then the region whose notice covers it (潍坊市).
   */
  zone: z.string().min(1).optional(),
});
export type Region = z.infer<typeof RegionSchema>;

/** `a` is `b` or lies inside it (长沙 in 湖南); not the other way round. */
export const liesIn = (a: Region, b: Region) => a.code.startsWith(b.code.replace(/(00)+$/, ''));

/** One place inside the other (寿光 in 潍坊, 浏阳 in 长沙): the same place for the role it plays. */
export const within = (a: Region, b: Region) => liesIn(a, b) || liesIn(b, a);

export const FLOW_NAMES = ['filing', 'estimate', 'diagnosis'] as const;
export const FlowNameSchema = z.enum(FLOW_NAMES);
export type FlowName = z.infer<typeof FlowNameSchema>;

export const SLOT_NAMES = [
  'insured_region', 'destination', 'person_category', 'scheme', 'hospital_class', 'amount', 'date',
] as const;
export const SlotNameSchema = z.enum(SLOT_NAMES);
