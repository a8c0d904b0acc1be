/**
 * Word families more than one reading needs: each has its one home here, and the families that grew apart from one
 * stem (the words of a flow's order, of a discharge) are built from it, so the readings that share words cannot drift.
 */

/** Asking what now (咋办, 怎么整, 还能报吗): after a filing not made, or a bill not settled. */
export const WHAT_NOW_TEXT = /咋办|怎么办|咋整|怎么整|咋弄|怎么弄|如何处理|咋处理|怎么处理|还能|能报|能补|补吗/;

/** The words of the order of things: 流程, 步骤, 先…然后. */
const ORDER = '流程|步骤|先|然后';
/** The steps asked for (“流程是什么”, “怎么走”): the order of things, whatever has or has not been done. 先 alone is no step asked here. */
export const STEPS_TEXT = /流程|步骤|怎么走|咋走/;
/** Filing or its steps asked (大病保险…要备案吗, …什么流程): the process's own words. */
export const FILING_STEPS_TEXT = new RegExp(`备案|手续|材料|${ORDER}`);
/** Words of the settlement's flow (直接结算, 备案, 流程, 持卡 …): a claim asked with one of them is the flow's own step. */
export const FLOW_WORDS_TEXT = new RegExp(`直接|当场|备案|手续|入院|窗口|刷卡|持卡|结算|${ORDER}`);

/** A chronic or serious illness, its drugs or its treatment named. */
export const CHRONIC_TEXT = /慢|漫性|特病|特殊|门特|特门|两病|大病|哪些病|什么病|啥病|高血压|糖尿病|冠心病|降压|降糖|胰岛素|透析|肿瘤|癌|放疗|化疗|尿毒症|心脏病|血友病|精神|移植|常年|长期(吃|用|服)|病种/;
/** Words of being away from the insured place (外地, 过冬, 出差 …). */
export const AWAY_TEXT = /外地|异地|外省|省外|跨省|外市|过冬|候鸟|猫冬|旅居|出差|旅游|探亲|在外|随迁/;
/** A rate asked (起付线, 比例, 封顶, 能报几成). */
export const RATE_TEXT = /比例|比率|起付|封顶|门槛费|支付限额|几成|百分之|几个点|(最高|最多)(能|可以)?报/;
/**
 * Care at home. Not 当地 (“按当地还是按参保地” asks whose rules apply on a trip), nor 我们这 before 种, 个, 样, 些 or 么 (“我们这种灵活就业的”,
 * “我们这个职工医保”: who, not where; “咱这住院能报几成” is here), nor 市里 inside 城市里.
 */
export const LOCAL_CARE_TEXT = /本地|本县|本市|本区|县里|(?<!城)市里|镇上|乡里|家门口|(我们|咱们?|俺们?)(这|那)(?![种个样些么])|我们县|我们市|俺们县|咱们县/;
/**
 * “我老婆在杭州生孩子 我们是武汉的 能直接结算吗”: childbirth, which the catalogue gives its own adjacent topic
 * (maternity, 异地生育 included) — whatever cross-region topic the rest of the words resemble. No other
 * topic is trained on these words; denied (不是生孩子 是生病住院), they leave the reading as it was.
 */
export const CHILDBIRTH_TEXT = /生孩子|生小孩|生娃|生宝宝|生育|分娩|顺产|剖腹产|剖宫产|产检|坐月子|怀孕/;

/**
 * A discharge that happened (已经出院, 出院了, 出了院) — not 出院后/以后, the flow asked ahead (异地住院 出院后怎么报销: a filed
 * patient settles at the hospital).
 */
export const PAST_DISCHARGE_TEXT = /(已经|已|都)出院|出院了|出了院/;
/**
 * Words of being discharged, or of what follows it: “出院了还能补不”, “已经出院了”, “出院以后呢” — not “出院前补办来得及吗”, asked
 * before discharge, which the whole late-filing answer answers.
 */
export const DISCHARGED_TEXT = new RegExp(`${PAST_DISCHARGE_TEXT.source}|出院(后|以后|之后|完|回来)`);
