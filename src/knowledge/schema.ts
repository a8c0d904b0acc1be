/**
 * zod schemas for every content file: the single source of truth for their shapes.
 * corpus/documents.yaml, corpus/facts/*.yaml, intents/*.yaml, prompts/*.yaml.
 */
import { z } from 'zod';
import { IntentIdSchema } from '../domain/intents.js';
import {
  FlowNameSchema, PersonCategorySchema, RegionSchema, SchemeSchema, SlotNameSchema,
} from '../domain/types.js';

const regionCode = z.string().regex(/^\d{6}$/, '要写6位的 GB/T 2260 行政区划代码');

/**
 * A source document. A local notice speaks for the insured people of its `region`; a national
 * document (`level: national`) for everyone insured anywhere in China, and names its 文号 and date
 * so an answer can say which rule, of which year, it gives.
 */
export const DocumentMetaSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  file: z.string(),
  title: z.string().min(1),
  level: z.enum(['local', 'national']).default('local'),
  region: RegionSchema.optional(),
  issuer: z.string().min(1),
  /** 文号, e.g. 医保发〔2024〕21号 (national documents). */
  number: z.string().min(1).optional(),
  /** 成文日期, YYYY-MM-DD (national documents). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Where the text was taken from. */
  source: z.string().min(1).optional(),
  scope: z.string().min(1),
  /**
   * Which trips the notice speaks of: `cross_province` for one about 跨省异地就医 only (湖南's notice,
   * every national document), `any` for one that also speaks of 省内. Its answers' scope by default.
   */
  trips: z.enum(['any', 'cross_province']).default('any'),
}).superRefine((d, ctx) => {
  if (d.level === 'local' && !d.region) ctx.addIssue({ code: 'custom', path: ['region'], message: '本地通知要写明它适用的参保地（region）' });
  if (d.level === 'national') {
    if (d.region) ctx.addIssue({ code: 'custom', path: ['region'], message: '国家文件适用于所有地区：不写 region' });
    for (const key of ['number', 'date', 'source'] as const) {
      if (!d[key]) ctx.addIssue({ code: 'custom', path: [key], message: `国家文件要写明 ${key}` });
    }
  }
});
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;
export const DocumentsFileSchema = z.strictObject({ documents: z.array(DocumentMetaSchema).min(1) });

/**
 * A passage quoted verbatim from a normalised notice. `quote` is one string, or a list of
 * fragments an editor can type (no tabs or blank lines inside), each found verbatim and in order;
 * people are shown the fragments joined by “……”.
 */
export interface Citation {
  doc: string;
  quote: string;
  /** The fragments as written, when `quote` was a list. */
  fragments?: string[];
}
export const QUOTE_FRAGMENT_JOINER = '……';
export const CitationSchema = z.strictObject({
  doc: z.string().min(1),
  quote: z.union([z.string().min(4), z.array(z.string().min(2)).min(1)]),
}).transform((c): Citation => (typeof c.quote === 'string'
  ? { doc: c.doc, quote: c.quote }
  : { doc: c.doc, quote: c.quote.join(QUOTE_FRAGMENT_JOINER), fragments: c.quote }));

/**
 * One answer of an intent. Without `region` it is the national answer: what all sources
 * agree on, or (basis: not_covered) a statement that the sources are silent and where to ask.
 */
export const AnswerSchema = z.strictObject({
  region: regionCode.optional(),
  person_category: PersonCategorySchema.optional(),
  scheme: SchemeSchema.optional(),
  basis: z.enum(['sourced', 'not_covered']).default('sourced'),
  /** Fits a phone screen and WeChat's 2048-byte text budget. */
  text: z.string().min(1),
  /** The longer explanation, one tap away. */
  detail: z.string().optional(),
  citations: z.array(CitationSchema).default([]),
  /**
   * The trips the answer speaks of: `cross_province` (told to a 省内 trip only with a note that it is
   * the 跨省 rule), `in_province` (only for a trip inside the insured place's province, chosen first
   * then), `any`. Unset, its source's `trips` (documents.yaml): a national answer is 跨省.
   */
  scope: z.enum(['any', 'cross_province', 'in_province']).optional(),
  /**
   * The sentence of `text` that sends a person to the contacts' button (`to_button`), and the one said in its place
   * (`follows`) when their own district's window and line follow in the same reply: asked of the offline channels by a
   * person of one of the place's districts (src/dialogue/policy/answer.ts). Kept on the answer so the rest of the
   * sentence, and an operator's edit of it, has one home; a `to_button` the text no longer holds is not swapped.
   */
  district_pointer: z.strictObject({ to_button: z.string().min(1), follows: z.string().min(1) }).optional(),
});
export type Answer = z.infer<typeof AnswerSchema>;

/**
 * A sentence people read that is not an intent's answer: a flow's question, a fixed notice, a
 * button label, an error reply. `{name}` marks a value filled in by the code. A sentence that
 * states policy carries citations, checked verbatim like an answer's.
 */
export const PromptSchema = z.union([
  z.string().min(1),
  z.strictObject({ text: z.string().min(1), citations: z.array(CitationSchema).min(1) }),
]);

/** prompts/*.yaml: prompt id → sentence. Ids are dotted, lower-case: `filing.ask.insured_region`. */
export const PromptIdSchema = z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'id 用小写字母加点分隔，例如 filing.ask.scheme');
export const PromptsFileSchema = z.strictObject({ prompts: z.record(PromptIdSchema, PromptSchema) });

export const IntentFileSchema = z.strictObject({
  id: IntentIdSchema,
  kind: z.enum(['domain', 'conversation']),
  title: z.string().min(1),
  description: z.string().min(1),
  /** The slots the answer depends on; a region-dependent intent lists insured_region. */
  slots: z.array(SlotNameSchema).default([]),
  /**
   * Whether to ask for the insured region when it is unknown. False where the common answer is
   * complete (the catalogue's “varies: no”) and region variants only add local detail.
   */
  region_prompt: z.boolean().default(true),
  /** A multi-turn flow the intent starts. */
  flow: FlowNameSchema.optional(),
  /** Related intents offered as quick replies. */
  followups: z.array(IntentIdSchema).default([]),
  /** Short button label for menus and quick replies. */
  label: z.string().min(1).max(12),
  utterances: z.array(z.string().min(1)).min(1),
  answers: z.array(AnswerSchema).default([]),
});
export type IntentFile = z.infer<typeof IntentFileSchema>;

// ---------- structured facts (corpus/facts/*.yaml) ----------

export const RateClassSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  /** The label exactly as the notice's table names it; used in prompts and quick replies. */
  label: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  deductible: z.number().nonnegative(),
  ratio: z.number().gt(0).lte(1),
  /** A share of the in-scope expense disregarded before the deductible (R: 省外 “合理费用下浮10%”). */
  expense_discount: z.number().min(0).lt(1).default(0),
  citation: CitationSchema,
});
export type RateClass = z.infer<typeof RateClassSchema>;

export const SchemeRatesSchema = z.strictObject({
  basic_cap: z.number().positive(),
  serious_illness_cap: z.number().positive(),
  caps_citation: CitationSchema,
  classes: z.array(RateClassSchema).min(1),
});

export const ReductionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  /** Reduction of the payment ratio, e.g. 0.15 for “降低15%”. */
  reduction: z.number().gt(0).lt(1),
  when: z.string().min(1),
  /** The case in a few plain words, as the estimate names it (“未办理转诊，在县域外、市域内就医”). */
  label: z.string().min(1),
  /** The classes of the table whose estimate shows this case; none: never shown. */
  classes: z.array(z.string().regex(/^[a-z0-9_]+$/)).default([]),
  citation: CitationSchema,
});

export const ExemptionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  when: z.string().min(1),
  person_categories: z.array(PersonCategorySchema).min(1),
  condition: z.string().min(1),
  citation: CitationSchema,
});

/** A pattern of the normalised text, checked to compile. */
const PatternSchema = z.string().min(1).refine((p) => {
  try {
    new RegExp(p, 'u');
    return true;
  } catch {
    return false;
  }
}, '不是有效的正则表达式');

export const RateTableSchema = z.strictObject({
  region: RegionSchema,
  document: z.string(),
  schemes: z.strictObject({ employee: SchemeRatesSchema, resident: SchemeRatesSchema }),
  /** How people name a class in a sentence, in order (the NLU's hospital_class entity). */
  class_mentions: z.array(z.strictObject({
    class: z.string().regex(/^[a-z0-9_]+$/),
    patterns: z.array(PatternSchema).min(1),
  })).default([]),
  /** What the notice says about its classes, in plain words; shown when the class is asked. */
  classes_note: z.string().min(1).optional(),
  /** How “支付比例降低X%” is applied; the reply states it. */
  reduction_interpretation: z.strictObject({
    mode: z.enum(['percentage_points', 'relative']),
    note: z.string().min(1),
  }),
  reductions: z.array(ReductionSchema).min(1),
  exemptions: z.array(ExemptionSchema).default([]),
  /** Scope rule (就医地目录、参保地政策). */
  scope_citation: CitationSchema,
});
export type RateTable = z.infer<typeof RateTableSchema>;

export const RatesFileSchema = z.strictObject({ tables: z.array(RateTableSchema) });

export const SelfPayRuleSchema = z.strictObject({
  id: z.string(),
  region: RegionSchema,
  person_categories: z.array(PersonCategorySchema).min(1),
  /** Share of the in-scope expense the insured pays first. */
  self_pay_share: z.number().gt(0).lt(1),
  text: z.string().min(1),
  citation: CitationSchema,
});
export type SelfPayRule = z.infer<typeof SelfPayRuleSchema>;
/** A notice that defines the 异地安置退休人员 by the 户籍 moved to where they live (its definition quoted). */
export const RegistrationRuleSchema = z.strictObject({
  region: RegionSchema,
  citation: CitationSchema,
});
export type RegistrationRule = z.infer<typeof RegistrationRuleSchema>;
/**
 * An area a national document names as having tried 视同备案 or 免备案 inside it (医保发〔2024〕21号: 京津冀、长三角),
 * by its provinces: a trip from one of them to another is told so beside a national answer about filing.
 */
export const FilingTrialAreaSchema = z.strictObject({
  name: z.string().min(2),
  provinces: z.array(RegionSchema).min(2),
  citation: CitationSchema,
});
export type FilingTrialArea = z.infer<typeof FilingTrialAreaSchema>;
export const RulesFileSchema = z.strictObject({
  self_pay_first: z.array(SelfPayRuleSchema),
  resettled_by_registration: z.array(RegistrationRuleSchema).default([]),
  filing_trial_areas: z.array(FilingTrialAreaSchema).default([]),
});

export const DeadlineSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  region: RegionSchema,
  kind: z.enum(['emergency_filing', 'late_filing_backdate', 'change_cancel_limit']),
  person_categories: z.array(PersonCategorySchema).min(1),
  /** null when the notice says there is no limit. */
  amount: z.number().positive().nullable(),
  unit: z.enum(['days', 'working_days', 'months']).nullable(),
  text: z.string().min(1),
  citation: CitationSchema,
});
export type Deadline = z.infer<typeof DeadlineSchema>;
export const DeadlinesFileSchema = z.strictObject({ deadlines: z.array(DeadlineSchema) });

export const ContactSchema = z.strictObject({
  region: RegionSchema,
  /** District / county the window or line serves (F lists them by 县市区). */
  district: z.string().optional(),
  /** A GB/T 2260 code of the district where one exists (市直/市本级 and 功能区 have none). */
  district_code: regionCode.optional(),
  kind: z.enum(['hotline', 'window']),
  name: z.string().min(1),
  phone: z.string().optional(),
  address: z.string().optional(),
  /**
   * Whom the line is for, in the notice's words where it lists the line under them (芮城's number under
   * 城镇职工 only): said with the number wherever it is given, never as the whole place's line.
   */
  scope: z.string().min(2).optional(),
  citation: CitationSchema,
});
export type Contact = z.infer<typeof ContactSchema>;
export const ContactsFileSchema = z.strictObject({ contacts: z.array(ContactSchema) });

export const ReferralHospitalsSchema = z.strictObject({
  region: RegionSchema,
  level: z.enum(['county', 'city']),
  specialty: z.string().min(1),
  hospitals: z.array(z.string().min(1)).min(1),
  citation: CitationSchema,
});
export const ReferralFileSchema = z.strictObject({ referral_hospitals: z.array(ReferralHospitalsSchema) });

export const ChronicDiseaseSchema = z.strictObject({
  region: RegionSchema,
  scope: z.literal('cross_province'),
  diseases: z.array(z.string().min(1)).min(1),
  fallback: z.string().min(1),
  citation: CitationSchema,
});
export const ChronicFileSchema = z.strictObject({ chronic_diseases: z.array(ChronicDiseaseSchema) });

/**
 * Where filing is done, per region (used by the filing flow's closing message). A row without a
 * region is the national rule (cross-province), for insured places no notice speaks for.
 */
export const FilingChannelSchema = z.strictObject({
  region: RegionSchema.optional(),
  scope: z.enum(['cross_province', 'in_province', 'any']),
  channels: z.array(z.string().min(1)).min(1),
  citation: CitationSchema,
});
export const FilingChannelsFileSchema = z.strictObject({ filing_channels: z.array(FilingChannelSchema) });

/**
 * Materials per person category and region, as structured data for the filing form. A row
 * without a region is the national list (经办规程 第八条) for that category.
 */
export const MaterialsSchema = z.strictObject({
  region: RegionSchema.optional(),
  person_category: PersonCategorySchema,
  items: z.array(z.string().min(1)),
  note: z.string().optional(),
  /**
   * Where the notice says this category needs no filing at all (潍坊: 省内临时外出就医 / 跨省急诊抢救无需备案):
   * the filing flow then issues no form, it says so with the quote.
   */
  not_needed: z.enum(['in_province', 'cross_province']).optional(),
  citation: CitationSchema,
});
export type Materials = z.infer<typeof MaterialsSchema>;
export const MaterialsFileSchema = z.strictObject({ materials: z.array(MaterialsSchema) });

/** The guided diagnosis of a failed settlement (corpus/facts/diagnosis.yaml). */
/** A cause's words for some readers: what their own passages say, where the common words draw on other notices. */
const DiagnosisWordsSchema = z.strictObject({ text: z.string().min(1).optional(), next_step: z.string().min(1).optional() });
export const DiagnosisCauseSchema = z.strictObject({
  title: z.string().min(1),
  text: z.string().min(1),
  next_step: z.string().min(1),
  /** The next step is a 手工报销: the region's materials for it follow (manual_materials). */
  manual_reimbursement: z.boolean().default(false),
  /** For a covered region (by code): its notice's own words. */
  by_region: z.record(regionCode, DiagnosisWordsSchema).optional(),
  /**
   * For a person whose own notice is not among the cause's passages (a place no notice covers, or one whose
   * notice is silent on the cause): the national texts' words alone.
   */
  national: DiagnosisWordsSchema.optional(),
});
export type DiagnosisCause = z.infer<typeof DiagnosisCauseSchema>;
export const DiagnosisStepSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  /** Statements that answer the step before it is asked (“没备案”, “入院后去药店刷了卡”), as patterns of the normalised text. */
  said: z.strictObject({ yes: z.array(PatternSchema).default([]), no: z.array(PatternSchema).default([]) }).optional(),
  regions: z.array(regionCode).optional(),
  /**
   * The trips the step's rule speaks of: `cross_province` (芮城's 出省检测) is not asked for a trip known
   * to stay inside the insured place's province; `in_province` is asked only for one. Absent: every trip.
   */
  trips: z.enum(['cross_province', 'in_province']).optional(),
  cause_on: z.enum(['yes', 'no']),
  /** Whether “不清楚” points to this cause as well (false: the other checks come first). */
  unsure_reveals: z.boolean().default(true),
  cause: DiagnosisCauseSchema,
  citations: z.array(CitationSchema).min(1),
});
export type DiagnosisStep = z.infer<typeof DiagnosisStepSchema>;
export const DiagnosisFileSchema = z.strictObject({
  steps: z.array(DiagnosisStepSchema).min(1),
  final: DiagnosisCauseSchema.extend({ citations: z.array(CitationSchema).min(1) }),
  manual_materials: z.strictObject({ region: RegionSchema, text: z.string().min(1), citation: CitationSchema }),
});
export type Diagnosis = z.infer<typeof DiagnosisFileSchema>;

// ---------- local vs national (corpus/facts/conflicts.yaml) ----------

/**
 * A national rule stated as a figure the validator can hold local content against: a local answer
 * matching one of `contradicted_by` (or a local chronic-disease list missing one of `diseases`)
 * contradicts it, and must be covered by a declared conflict.
 */
export const NationalFigureSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  rule: z.string().min(1),
  contradicted_by: z.array(PatternSchema).default([]),
  /** The diseases of the national list (only the chronic-disease figure). */
  diseases: z.array(z.string().min(1)).optional(),
  citation: CitationSchema,
});
export type NationalFigure = z.infer<typeof NationalFigureSchema>;

/**
 * A local notice that differs from a national rule. `local_more_generous`: its people get the
 * local rule (潍坊's temporary filings without expiry), then the national minimum with its number and
 * year, and that the notice goes further. `local_stricter`: the answer gives the
 * local rule, then the national one with its number and year, and says the insured place's
 * 医保部门 confirms which applies now. `local_silent`: the notice says nothing of the national rule
 * (湖南's and 潍坊's of the reductions for temporary trips): the answer gives the local rule, then says
 * the notice is silent, the national rule with its number and year, and that the 医保部门 answers.
 */
export const ConflictSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  region: RegionSchema,
  figure: z.string().regex(/^[a-z0-9_]+$/),
  kind: z.enum(['local_more_generous', 'local_stricter', 'local_silent']),
  intents: z.array(IntentIdSchema).min(1),
  /** Empty: every category; otherwise the categories the difference concerns. */
  person_categories: z.array(PersonCategorySchema).default([]),
  local: CitationSchema,
  national: z.strictObject({
    /** The national document whose number and year the answer names. */
    doc: z.string().min(1),
    /** The national rule in plain words, as read after the local one. */
    text: z.string().min(1),
    citations: z.array(CitationSchema).min(1),
    /**
     * An earlier national rule on the same matter that the later one neither repeats nor repeals (2022's
     * “不超过10/20个百分点” beside 2024's reductions for places short of reserves): read first, with its own
     * number and year, then the later one — two rules, never merged into one.
     */
    earlier: z.strictObject({
      doc: z.string().min(1),
      text: z.string().min(1),
      citations: z.array(CitationSchema).min(1),
    }).optional(),
  }),
});
export type Conflict = z.infer<typeof ConflictSchema>;

/** 2022 wording that 2024 replaced: citing the old passage is an error. */
export const SupersededSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  old: CitationSchema,
  current: CitationSchema,
  /**
   * The current text speaks under a condition the old one did not (2024's reductions for places whose fund
   * reserves pay for fewer than 6 months): whether the old still holds elsewhere no source says, so the old
   * may be quoted beside the current — both cited by the same answer, each dated by its year — never alone,
   * never merged into one rule.
   */
  beside: z.boolean().default(false),
});

export const ConflictsFileSchema = z.strictObject({
  national_figures: z.array(NationalFigureSchema).default([]),
  conflicts: z.array(ConflictSchema).default([]),
  superseded: z.array(SupersededSchema).default([]),
});

// ---------- places beyond GB/T 2260 (corpus/nlu/places.yaml) ----------

/** A functional zone a covered notice lists among its districts, which GB/T 2260 does not hold. */
export const ZoneSchema = z.strictObject({
  /** The zone's official name (for people reading the file). */
  zone: z.string().min(2),
  /** The name the notice's tables give it (contacts.yaml's `district`): its lines are the person's own. */
  listed_as: z.string().min(2),
  /** The names people write: one ending in 区 counts alone, a bare one only where words round it make it a place. */
  names: z.array(z.string().min(2)).min(1),
  /** Many cities' zones bear these names (高新区): taken for this city only when the message or conversation names it. */
  shared: z.boolean().default(false),
  /** The region whose notice covers the zone: the zone resolves to it. */
  within: z.strictObject({ code: regionCode, name: z.string().min(2) }),
  /** The notice's row that names the zone. */
  source: CitationSchema,
});

export const PlacesFileSchema = z.strictObject({
  zones: z.array(ZoneSchema).default([]),
  /** Short names a city shares with other provinces' districts: never settled as the city alone. */
  shared: z.array(z.string().min(2)).default([]),
  /** Everyday words that sound like a covered place's name (主城 ~ 诸城): never that place typed by sound. */
  everyday: z.array(z.string().min(2)).default([]),
});
export type PlacesFile = z.infer<typeof PlacesFileSchema>;

// ---------- the NLU lexicon (corpus/nlu/lexicon.yaml) ----------

export const LexiconSchema = z.strictObject({
  /** Domain terms added to the tokeniser's dictionary. */
  words: z.array(z.string().min(2)).min(1),
  /** Misspelling / homophone / voice-recognition error → intended text. */
  typos: z.record(z.string().min(2), z.string().min(1)),
  /** Canonical token → surface forms treated as the same feature. */
  synonyms: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
  /** Spoken padding removed as whole phrases. */
  fillers: z.array(z.string().min(1)),
  stopwords: z.array(z.string().min(1)),
  /** WeChat's emoji codes as they arrive in text ([微笑] → 微笑, lower case: [OK] → ok), and what the few that say something mean. */
  wechatEmoji: z.strictObject({
    codes: z.array(z.string().min(1)).min(1),
    means: z.record(z.string().min(1), z.string().min(1)),
    /** The codes of faces that say the person is upset or the answer did not help ([大哭], [弱]); each among `codes`. */
    unhappy: z.array(z.string().min(1)).min(1),
    /** Such faces as they arrive outside brackets: WeChat's old codes (/::(), emoji, typed faces (:( T_T). */
    unhappyTyped: z.array(z.string().min(1)).min(1),
  }).refine((e) => Object.keys(e.means).every((code) => e.codes.includes(code)), { message: 'means 里的每个表情代码都要在 codes 里' })
    .refine((e) => e.unhappy.every((code) => e.codes.includes(code)), { message: 'unhappy 里的每个表情代码都要在 codes 里' }),
  /** Pinyin words read around a place name typed in pinyin (wo shi weifang de → 我是潍坊的): toneless letters → characters. */
  pinyinWords: z.record(z.string().regex(/^[a-z]+$/), z.string().regex(/^\p{Script=Han}+$/u)),
  /**
   * Words that state a place beside a name typed in pinyin (是…的, 在/去/到, 户口, 医保, 参保), in pinyin or in characters;
   * namedBefore: words after which a name is a person's (我叫Liu Yang); openersBefore: greetings after which a message's
   * first clause starts (你好 weifang住院…), as at its very start. Each pinyin cue is one of pinyinWords.
   */
  pinyinPlaceCues: z.strictObject({
    pinyinBefore: z.array(z.string().regex(/^[a-z]+$/)).min(1),
    pinyinAfter: z.array(z.string().regex(/^[a-z]+$/)).min(1),
    charactersBefore: z.array(z.string().regex(/^\p{Script=Han}+$/u)).min(1),
    charactersAfter: z.array(z.string().regex(/^\p{Script=Han}+$/u)).min(1),
    topicsAfter: z.array(z.string().regex(/^\p{Script=Han}+$/u)).min(1),
    openersBefore: z.array(z.string().regex(/^\p{Script=Han}+$/u)).min(1),
    namedBefore: z.array(z.string().regex(/^\p{Script=Han}+$/u)).min(1),
  }),
  /**
   * Whole messages that answer the latest reply instead of asking (src/core/reply-state.ts): `more` asks for
   * the rest of a cut reply or the answer's long version (“回复 1 查看详情”), `up`/`down` rate the latest answer
   * where a channel has no 👍/👎 buttons. A word in two lists would mean two things.
   */
  replyWords: z.strictObject({
    more: z.array(z.string().trim().min(1)).min(1),
    up: z.array(z.string().trim().min(1)).min(1),
    down: z.array(z.string().trim().min(1)).min(1),
  }).refine((w) => new Set([...w.more, ...w.up, ...w.down]).size === w.more.length + w.up.length + w.down.length,
    { message: '同一个词只能出现一次：more（查看详情）、up（好评）、down（差评）里不能重复' }),
}).refine((l) => [...l.pinyinPlaceCues.pinyinBefore, ...l.pinyinPlaceCues.pinyinAfter].every((w) => w in l.pinyinWords),
  { message: 'pinyinPlaceCues 的拼音词都要在 pinyinWords 里' });
export type Lexicon = z.infer<typeof LexiconSchema>;
