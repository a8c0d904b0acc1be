/**
 * A tiny knowledge base for the dialogue's unit tests: two regions, one short answer per intent,
 * a two-class rate table, the diagnosis steps and one hotline — built here, not loaded from the
 * corpus. The flow declarations and the prompts are the real ones (they are the dialogue under
 * test); the understanding of each message is written by hand, so no NLU runs.
 */
import { INTENT_IDS, isDomainIntent, type IntentId } from '../../src/domain/intents.js';
import type { Understanding, Entities } from '../../src/domain/understanding.js';
import type { Region } from '../../src/domain/types.js';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { placeName } from '../../src/nlu/gazetteer.js';
import { loadFlows, loadPrompts, type Facts, type Knowledge } from '../../src/knowledge/load.js';
import type { Answer, IntentFile, RateTable } from '../../src/knowledge/schema.js';
import { decide, type Decision, type PolicyDeps } from '../../src/dialogue/policy.js';
import { newSession, type Session } from '../../src/dialogue/session.js';
import type { Reply } from '../../src/domain/reply.js';

export const RUICHENG: Region = { code: '140830', name: '芮城县' };
export const WUHAN: Region = { code: '420100', name: '武汉市' };
/** A region with no notice in this knowledge. */
export const CHANGSHA: Region = { code: '430100', name: '长沙市' };

const cite = (doc: string, quote: string) => ({ doc, quote });

/** Button labels as the real intents have them, where a test reads them; any other intent is labelled by its id. */
const LABELS: Partial<Record<IntentId, string>> = {
  definition: '什么是直接结算', eligibility: '谁可以办', materials: '备案材料', filing_how: '怎么备案',
  process: '办理流程', preconditions: '结算前提条件', settlement_failed: '结算失败怎么办', filing_validity: '备案有效期',
  filing_change: '变更取消备案', filing_late: '补办备案', emergency: '急诊怎么办', reimbursement_policy: '报销政策',
  reimbursement_rates: '报销比例', reimbursement_estimate: '估算报销金额', outpatient: '门诊结算', chronic_disease: '门诊慢特病',
  manual_reimbursement: '手工报销', hospital_lookup: '查定点医院', return_home_treatment: '回参保地就医', injury: '外伤住院',
  medical_credential: '社保卡和医保码', referral: '转诊', contact: '联系电话', external_services_during_stay: '住院期间外院检查',
  nationwide_roaming: '全国漫游', migrant_workers: '农民工备案', filing_status: '查询备案结果', start_filing: '我要备案',
  greeting: '你好', thanks: '谢谢', goodbye: '再见', human_agent: '转人工', help: '常见问题', cancel: '取消',
  affirm: '确认', deny: '不是', out_of_scope: '其他问题',
};

const FLOWS: Partial<Record<IntentId, IntentFile['flow']>> = {
  start_filing: 'filing', reimbursement_estimate: 'estimate', settlement_failed: 'diagnosis',
};

const labelOf = (id: IntentId) => LABELS[id] ?? id;

function intentFile(id: IntentId): IntentFile {
  const answers: Answer[] = [{ basis: 'sourced', text: `${labelOf(id)}：各地共同的规则。`, citations: [cite('r', '共同的规则')] }];
  if (id === 'materials') {
    // Varies by region: asked for the region first; 芮城's answer has a long version (详情).
    answers.push({ region: RUICHENG.code, basis: 'sourced', text: '芮城县备案材料：社保卡。', detail: '芮城县备案材料的完整清单：社保卡、备案表。', citations: [cite('r', '社保卡')] });
  }
  if (id === 'contact') {
    answers.push({ region: RUICHENG.code, basis: 'sourced', text: '芮城县医保咨询电话：0359-0000000。', citations: [cite('r', '城镇职工 0359-0000000')] });
  }
  if (id === 'settlement_failed') answers[0] = { ...answers[0]!, text: '结算不成功时先确认两点。' };
  return {
    id, kind: isDomainIntent(id) ? 'domain' : 'conversation', title: labelOf(id), description: id,
    slots: id === 'materials' || id === 'contact' ? ['insured_region'] : [], region_prompt: true,
    ...(FLOWS[id] ? { flow: FLOWS[id] } : {}),
    followups: id === 'materials' ? ['filing_how'] : [], label: labelOf(id), utterances: [labelOf(id)], answers,
  };
}

export function rateTable(): RateTable {
  const cls = (id: string, label: string, deductible: number, ratio: number, aliases: string[] = []) =>
    ({ id, label, aliases, deductible, ratio, expense_discount: 0, citation: cite('r', label) });
  return {
    region: RUICHENG, document: 'r',
    schemes: {
      employee: {
        basic_cap: 80000, serious_illness_cap: 500000, caps_citation: cite('r', '封顶线'),
        classes: [cls('class3', '三类医疗机构', 200, 0.9, ['三类']), cls('class1', '一类医疗机构', 600, 0.8, ['一类'])],
      },
      resident: {
        basic_cap: 70000, serious_illness_cap: 400000, caps_citation: cite('r', '居民封顶线'),
        classes: [cls('class3', '三类医疗机构', 100, 0.85, ['三类']), cls('city_public', '市级公立医院', 500, 0.7)],
      },
    },
    class_mentions: [],
    classes_note: '文件没有说明哪家医院属于哪一类。',
    reduction_interpretation: { mode: 'percentage_points', note: '按百分点理解。' },
    reductions: [
      { id: 'within_city', reduction: 0.15, when: '县外市内未转诊', label: '未转诊，县外市内', classes: ['class3', 'class1', 'city_public'], citation: cite('r', '县外市内未履行转诊手续的') },
      { id: 'outside_city', reduction: 0.2, when: '市外未转诊', label: '未转诊，市外', classes: ['class3', 'class1', 'city_public'], citation: cite('r', '市外未履行转诊手续的') },
    ],
    exemptions: [],
    scope_citation: cite('r', '参保地政策'),
  };
}

function facts(): Facts {
  const cause = (title: string, next_step: string) => ({ title, text: `${title}的说明。`, next_step, manual_reimbursement: next_step.includes('手工报销') });
  return {
    rates: [rateTable()],
    selfPayFirst: [], resettledByRegistration: [], filingTrialAreas: [], deadlines: [], referralHospitals: [], chronicDiseases: [], conflicts: [], nationalFigures: [], superseded: [],
    contacts: [{ region: RUICHENG, kind: 'hotline', name: '芮城县医保', phone: '0359-0000000', citation: cite('r', '城镇职工 0359-0000000') }],
    filingChannels: [{ region: RUICHENG, scope: 'any', channels: ['国家医保服务平台APP'], citation: cite('r', '国家医保服务平台APP') }],
    materials: [{ region: RUICHENG, person_category: 'retiree_resettled', items: ['社保卡'], citation: cite('r', '社保卡') }],
    diagnosis: {
      steps: [
        { id: 'filed', cause_on: 'no', unsure_reveals: true, cause: cause('原因：没有备案', '请补办备案。'), citations: [cite('r', '备案')] },
        { id: 'networked_hospital', cause_on: 'no', unsure_reveals: true, cause: cause('原因：医院未联网', '已结算的费用申请手工报销。'), citations: [cite('r', '联网')] },
        { id: 'card_ok', cause_on: 'no', unsure_reveals: false, cause: cause('原因：社保卡未激活', '请激活社保卡。'), citations: [cite('r', '社保卡')] },
        { id: 'card_used_locally', regions: [RUICHENG.code], trips: 'cross_province', cause_on: 'no', unsure_reveals: true, cause: cause('原因：未做出省检测', '请做出省检测。'), citations: [cite('r', '出省检测')] },
        { id: 'card_used_in_province', regions: [RUICHENG.code], trips: 'in_province', cause_on: 'no', unsure_reveals: true, cause: cause('原因：社保卡未在参保地用过', '请联系参保地。'), citations: [cite('r', '社保卡')] },
        { id: 'used_after_admission', regions: [WUHAN.code], cause_on: 'yes', unsure_reveals: true, cause: cause('原因：入院后刷过卡', '请联系医院。'), citations: [cite('w', '刷卡')] },
      ],
      final: { ...cause('原因：系统故障', '请医院协助排查，仍未解决的申请手工报销。'), citations: [cite('r', '故障')] },
      manual_materials: { region: RUICHENG, text: '手工报销需要：诊断证明、住院收费票据。', citation: cite('r', '诊断证明') },
    },
  };
}

export function knowledge(): Knowledge {
  return {
    documents: [
      { id: 'r', file: 'r.txt', title: '芮城县通知', level: 'local', region: RUICHENG, issuer: '芮城县医保局', scope: '全部', trips: 'any', text: '' },
      { id: 'w', file: 'w.txt', title: '武汉市通知', level: 'local', region: WUHAN, issuer: '武汉市医保局', scope: '全部', trips: 'any', text: '' },
    ],
    intents: INTENT_IDS.map(intentFile),
    facts: facts(),
    prompts: loadPrompts(),
    flows: loadFlows(),
  };
}

export function deps(k: Knowledge = knowledge()): PolicyDeps {
  return {
    kb: new KnowledgeBase(k, placeName),
    services: { filingLink: (form) => ({ url: `https://test/filing/${form.insured_region.code}`, expiresAt: new Date(0) }) },
  };
}

/** A message as the NLU would have understood it. */
export function msg(text: string, intent: IntentId = 'out_of_scope', entities: Entities = {}, confidence = intent === 'out_of_scope' ? 0.2 : 0.9): Understanding {
  return { text, normalized: text, intent, confidence, ranking: [{ intent, confidence }], entities };
}

export const NOW = new Date(2026, 10, 22, 12);

/** A conversation: each message is decided on the session the last one left. */
export class Talk {
  session: Session = newSession('t');
  last!: Decision;
  constructor(readonly d: PolicyDeps = deps()) {}

  say(u: Understanding): Decision {
    this.last = decide(this.d, u, this.session, NOW);
    this.session = this.last.session;
    return this.last;
  }

  /** Everything a person reads in the last replies (text, buttons, cards, hand-off). */
  get seen(): string {
    return this.last.replies.map(readable).join('\n');
  }

  get choices(): string[] {
    return this.last.replies.flatMap((r) => (r.type === 'choices' ? r.options : []));
  }
}

export function readable(r: Reply): string {
  switch (r.type) {
    case 'text': return r.text;
    case 'choices': return r.options.join(' ');
    case 'link': return `${r.title} ${r.url}`;
    case 'card': return `${r.title}\n${r.text}\n${(r.source ?? []).map((s) => s.quote).join('\n')}`;
    case 'handoff': return r.text;
  }
}
