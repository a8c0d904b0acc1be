/**
 * Entities as a user notices them: which place is the insured one and which the destination,
 * who the user is, the scheme, the hospital class, amounts and dates (today = 2026-11-22, Sunday).
 */
import { describe, expect, it } from 'vitest';
import { extractAmountRange } from '../../src/nlu/entities/amount.js';
import { categoryAnswer } from '../../src/nlu/entities/person.js';
import { extractRegions, findMentions, withoutInsuredClause } from '../../src/nlu/entities/regions.js';
import { gazetteer } from '../../src/nlu/gazetteer.js';
import { NOW, parse } from './support.js';

const codeOf = (r: { code: string } | undefined) => r?.code;
const places = (text: string) => {
  const e = parse(text).entities;
  return { insured: codeOf(e.insured_region), destination: codeOf(e.destination) };
};

describe('regions: insured place vs destination', () => {
  it.each([
    ['潍坊参保的退休人员备案要啥材料', '370700', undefined],
    ['我是北京医保，去上海看病', '110000', '310000'],
    ['我在武汉参保，退休了要去海南跟儿子住', '420100', '460000'],
    ['潍坊职工医保在北京住院', '370700', '110000'],
    ['在芮城参保，去运城住院', '140830', '140800'],
    ['我是湖南的，去广州住院', '430000', '440100'],
    ['长沙参保去广州', '430100', '440100'],
  ])('%s → insured %s, destination %s', (text, insured, destination) => {
    expect(places(text)).toEqual({ insured, destination });
  });

  it('a short county name joined to a place plainly named is a place (芮城跟潍坊), not one joined to a word', () => {
    const named = (text: string) => findMentions(text, gazetteer()).map((m) => m.place.name);
    expect(named('芮城跟潍坊哪个报得多')).toEqual(['芮城县', '潍坊市']);
    expect(named('潍坊和芮城哪个报销高')).toEqual(['潍坊市', '芮城县']);
    // 和平 and 永和 are short county names too; joined to words, not places, they are not taken.
    expect(named('和平和安全哪个重要')).toEqual([]);
  });

  it('a place one goes to is a destination, not the insured place', () => {
    expect(places('我要去长沙看病')).toEqual({ insured: undefined, destination: '430100' });
    expect(places('转院到北京')).toEqual({ insured: undefined, destination: '110000' });
  });

  it('a correction names its slot a few words before the place', () => {
    expect(places('参保地弄错了，应该改成寿光')).toEqual({ insured: '370783', destination: undefined });
    expect(parse('参保地弄错了，应该改成寿光').cued?.insured_region).toBe(true);
    expect(places('就医地填错了改为三亚')).toEqual({ insured: undefined, destination: '460200' });
  });

  it('names the place as the notices do', () => {
    const e = parse('我在武汉参保，退休了要去海南跟儿子住').entities;
    expect(e.insured_region).toEqual({ code: '420100', name: '武汉市' });
    expect(e.destination).toEqual({ code: '460000', name: '海南省' });
  });
});

describe('regions: where an employee works, with the insurance it pays, is the insured place', () => {
  it.each([
    // a short county name followed by 上班 was no place at all, so 芮城's own rates never answered
    ['芮城上班缴的医保 住院报销比例多少', '140830', undefined],
    ['寿光工作的职工去北京住院能报多少', '370783', '110000'],
    ['在芮城单位上班，去西安看病怎么报', '140830', '610100'],
    ['我在潍坊的单位交的社保 去上海住院要备案吗', '370700', '310000'],
  ])('%s → insured %s, destination %s', (text, insured, destination) => {
    expect(places(text)).toEqual({ insured, destination });
  });

  it('where one works without the insurance named stays where one is away', () => {
    expect(places('在深圳上班 老家湖南的医保')).toEqual({ insured: '430000', destination: '440300' });
    expect(places('我去深圳单位上班 湖南医保')).toEqual({ insured: '430000', destination: '440300' });
  });

  // Review of f14b535: where one works took the insured place even where another place was named as insured, so the
  // real destination was lost (or became the insured place too, and a 潍坊 person was sent to 广州's 医保部门).
  it.each([
    ['在上海工作参保在湖南，住院怎么报', '430000', '310000'],
    ['湖南参保，在深圳工作的职工，住院怎么报', '430000', '440300'],
    ['湖南医保，在深圳工作的职工也能在深圳看病吗', '430000', '440300'],
    ['在深圳单位上班 湖南医保', '430000', '440300'],
    ['儿子在广州上班的医保 我是潍坊的 去广州看病要备案吗', '370700', '440100'],
    // 派驻 before a place is where one is posted, as 常驻 is
    ['派驻深圳工作的职工医保在武汉 怎么备案', '420100', '440300'],
  ])('another place named as insured wins over where one works: %s', (text, insured, destination) => {
    expect(places(text)).toEqual({ insured, destination });
  });

  it('“北京单位的同事” says nothing of where one is insured', () => {
    expect(parse('北京单位的同事说异地就医要备案吗').cued?.insured_region).toBe(false);
  });

  it('the insurance paid through one’s job is the employee scheme', () => {
    expect(parse('芮城上班缴的医保 住院报销比例多少').entities.scheme).toBe('employee');
  });
});

describe('regions: counties and districts get their own code', () => {
  it.each([
    ['寿光的怎么备案', '370783'],
    ['江岸区参保的怎么备案', '420102'],
    ['芮城的报销比例是多少', '140830'],
    ['芮城县医保报销比例', '140830'],
    ['长沙参保的怎么备案', '430100'],
    ['潍坊参保的怎么备案', '370700'],
  ])('%s → %s', (text, code) => {
    expect(codeOf(parse(text).entities.insured_region)).toBe(code);
  });

  it('运城 is the prefecture 140800, never 芮城县 140830', () => {
    expect(codeOf(parse('运城的报销比例是多少').entities.insured_region)).toBe('140800');
    expect(codeOf(parse('运城参保的怎么备案').entities.insured_region)).not.toBe('140830');
  });
});

describe('person category from colloquial descriptions', () => {
  it.each([
    ['退休了跟子女住，要去外地', 'retiree_resettled'],
    ['退休了跟子女住', 'retiree_resettled'],
    ['单位派我去上海工作', 'posted_worker'],
    ['单位派我去外地工作一年', 'posted_worker'],
    ['要转院到省外的医院', 'referral'],
    ['在外地急诊住院了', 'emergency'],
    ['出差生病了怎么办', 'temporary'],
  ])('%s → %s', (text, category) => {
    expect(parse(text).entities.person_category).toBe(category);
  });

  it('says nothing when the message does not describe the person', () => {
    expect(parse('备案要什么材料').entities.person_category).toBeUndefined();
  });
});

describe('scheme', () => {
  it.each([
    ['新农合能报吗', 'resident'],
    ['我是新农合的，在外地住院', 'resident'],
    ['居民医保能报吗', 'resident'],
    ['我是职工医保', 'employee'],
    ['潍坊职工医保在北京住院', 'employee'],
  ])('%s → %s', (text, scheme) => {
    expect(parse(text).entities.scheme).toBe(scheme);
  });
});

describe('hospital class (芮城 rate tables) is not a hospital grade', () => {
  it('三类医疗机构 → class3, 二类 → class2', () => {
    expect(parse('三类医疗机构报多少').entities.hospital_class).toBe('class3');
    expect(parse('二类医院报多少').entities.hospital_class).toBe('class2');
  });

  it('三甲医院 is a grade, not a class', () => {
    expect(parse('三甲医院报多少').entities.hospital_class).toBeUndefined();
    expect(parse('在北京的三甲医院住院').entities.hospital_class).toBeUndefined();
  });

  it('三类人员 is about people, not hospitals', () => {
    expect(parse('哪三类人员可以备案').entities.hospital_class).toBeUndefined();
  });
});

describe('amounts in yuan', () => {
  it.each([
    ['住院花了1.2万能报多少', 12000],
    ['花了两万三', 23000],
    ['三万五千能报多少', 35000],
    ['12,000元报多少', 12000],
    ['花了5千', 5000],
    ['一万元能报多少', 10000],
    ['1万2能报多少', 12000],
    ['总共花了8000块', 8000],
    ['花了5k', 5000],
    ['花了十七万', 170000],
  ])('%s → %d', (text, amount) => {
    expect(parse(text).entities.amount).toBe(amount);
  });

  // Neighbouring digits said together are a range: no one figure (七八千 was 78000, 一万五六 10056, 两三万 230000).
  it.each([
    ['花了七八千能报多少', 7000, 8000],
    ['大概一万五六', 15000, 16000],
    ['两三万吧', 20000, 30000],
    ['三五千块', 3000, 5000],
    ['五六十万', 500000, 600000],
    ['住院花了一万五六千', 15000, 16000],
    // Ranges of tens (十七八万 was 780,000, 十一二万 120,000), an Arabic head (1万五六 was 15,000), k for 千 (七八k 78,000).
    ['花了十七八万', 170000, 180000],
    ['十五六万', 150000, 160000],
    ['十一二万吧', 110000, 120000],
    ['二十七八万', 270000, 280000],
    ['1万五六', 15000, 16000],
    ['花了3千五六', 3500, 3600],
    ['七八k', 7000, 8000],
    ['七八K块钱', 7000, 8000],
    // A later figure inside the range is no amount either (1万五六千 was 6000, 3千五六百 600).
    ['花了3千五六百', 3500, 3600],
    ['1万五六千', 15000, 16000],
    ['2千七八百', 2700, 2800],
    ['1万七八千', 17000, 18000],
  ])('%s is a range %d–%d, not an amount', (text, low, high) => {
    expect(parse(text).entities.amount).toBeUndefined();
    expect(extractAmountRange(text)).toEqual({ low, high });
  });
  it.each(['两万三', '三千五', '七八个月', '住了七八天', '1万5', '十七万', '十七八岁'])('%s is no range', (text) => {
    expect(extractAmountRange(text)).toBeUndefined();
  });

  it('a date or a count is not an amount', () => {
    expect(parse('12月1号去住院').entities.amount).toBeUndefined();
    expect(parse('备案要什么材料').entities.amount).toBeUndefined();
  });

  it('a hotline dialled is not an amount, the money said beside it is', () => {
    expect(parse('12393的坐席说能报多少要问你们').entities.amount).toBeUndefined();
    expect(parse('打了12345问能报多少 没人接').entities.amount).toBeUndefined();
    expect(parse('0359热线说报销要等').entities.amount).toBeUndefined();
    expect(parse('12393的坐席说花了8000块能报一半').entities.amount).toBe(8000);
    expect(parse('住院花了12393元').entities.amount).toBe(12393);
  });
});

describe('dates against today = 2026-11-22 (Sunday)', () => {
  it('the test day is what the brief says', () => {
    expect([NOW.getFullYear(), NOW.getMonth() + 1, NOW.getDate(), NOW.getDay()]).toEqual([2026, 11, 22, 0]);
  });

  it.each([
    ['明天去北京住院', '2026-11-23'],
    ['12月1号去住院', '2026-12-01'],
    ['下周一住院', '2026-11-23'],
    ['下下周三住院', '2026-12-02'],
    ['2026-12-05住院', '2026-12-05'],
    ['下个月5号住院', '2026-12-05'],
    ['后天去外地', '2026-11-24'],
    ['3天后住院', '2026-11-25'],
  ])('%s → %s', (text, date) => {
    expect(parse(text).entities.date).toBe(date);
  });

  it('an impossible date is not invented', () => {
    expect(parse('2月30号住院').entities.date).toBeUndefined();
  });
});

describe('regions: the role of a place from the words around it (issue #12)', () => {
  it.each([
    ['长沙的异地备案要什么材料', '430100', undefined],
    ['潍坊异地就医备案怎么弄', '370700', undefined],
    ['芮城农村的医保住院报多少', '140830', undefined],
    ['芮城城乡居民住院20万能报多少', '140830', undefined],
    ['芮城城镇职工住院5万报多少', '140830', undefined],
    ['寿光城里的居民医保去济南住院', '370783', '370100'],
    ['长沙的医保去北京看病', '430100', '110000'],
  ])('%s → insured %s, destination %s', (text, insured, destination) => {
    expect(places(text)).toEqual({ insured, destination });
  });

  it('去X and 在X住院 stay the destination', () => {
    expect(places('去长沙住院要备案吗').destination).toBe('430100');
    expect(places('在长沙住院能直接结算吗').destination).toBe('430100');
    expect(places('在长沙住院能直接结算吗').insured).toBeUndefined();
  });
});

describe('regions: short names without 区/市/县', () => {
  it.each([
    ['江岸医保异地备案要什么', '420102'],
    ['我是奎文的，去北京住院', '370705'],
    ['临朐参保的去济南看病', '370724'],
    ['浏阳医保在广州住院能报吗', '430181'],
  ])('%s → insured %s', (text, insured) => {
    expect(places(text).insured).toBe(insured);
  });

  it('a short name set apart in a keyword query counts (“芮城 转诊 去哪个医院开”)', () => {
    expect(places('芮城 转诊 去哪个医院开').insured).toBe('140830');
    expect(places('寿光 备案 材料').insured).toBe('370783');
  });

  it('a district short name that is an everyday word is not a place', () => {
    expect(places('开发区的医院能直接结算吗').insured).toBeUndefined();
  });
});

describe('regions: a name several places share', () => {
  it('resolves inside the place named just before it', () => {
    expect(places('包头青山区的医保').insured).toBe('150204');
  });

  it('else inside a region the notices cover (青山区 of 武汉, 昌邑 of 潍坊)', () => {
    expect(places('青山区参保的怎么备案').insured).toBe('420107');
    expect(places('昌邑的医保去北京').insured).toBe('370786');
  });

  it('but a city is not read as a covered county of the same name (资阳 is the city)', () => {
    expect(places('资阳医保').insured).toBe('512000');
  });
});

describe('person category: a negation is not the category', () => {
  it.each([
    ['没转诊直接去西安住院能报多少'],
    ['不是急诊也能直接结算吗'],
    ['我是芮城的，没有转院手续'],
    ['未办理转诊手续的报销比例'],
    ['不是退休人员'],
    ['非退休人员怎么备案'],
    ['不属于转诊'],
    ['我没有急诊 是正常住院'],
    // read as referral before: the bare 不 of “不转诊” went unheard
    ['不转诊直接去省外住院报销比例'],
    ['不转院自己去北京看病能报吗'],
  ])('%s → no category', (text) => {
    expect(parse(text).entities.person_category).toBeUndefined();
  });

  it('a negated category does not hide another one said in the same breath', () => {
    expect(parse('没转诊，我是出差在外地生病的').entities.person_category).toBe('temporary');
    expect(parse('不是急诊，是单位派我常驻上海').entities.person_category).toBe('posted_worker');
    expect(parse('我不是退休人员，我是在外地长期居住').entities.person_category).toBe('long_term_resident');
    expect(parse('不转诊，临时去北京旅游生病了').entities.person_category).toBe('temporary');
  });

  it('a question of whether to be referred still names the category (转不转诊, 要不要转院)', () => {
    for (const text of ['去北京住院转不转诊', '我是转院过去的 不转诊的话呢']) expect(parse(text).entities.person_category, text).toBe('referral');
    expect(parse('转院去北京要不要转诊单').entities.person_category).toBe('referral');
  });

  it('“户口没迁” is said, not decided: the flag is set, “户口…迁” is no resettled retiree, and 退休 跟儿子住 still reads as one', () => {
    expect(parse('户口没迁过来').entities).toMatchObject({ registration_stayed: true });
    expect(parse('户口没迁过来').entities.person_category).toBeUndefined();
    expect(parse('户口还在老家').entities.registration_stayed).toBe(true);
    // Whether the 户口 rules the category out is the insured place's notice's to say (src/dialogue/registration.ts).
    expect(parse('我爸退休了 户口还在老家 跟我在深圳住').entities).toMatchObject({ person_category: 'retiree_resettled', registration_stayed: true });
    expect(parse('我爸退休后户口迁到了昆明').entities).toMatchObject({ person_category: 'retiree_resettled' });
    expect(parse('我爸退休后户口迁到了昆明').entities.registration_stayed).toBeUndefined();
  });

  it('“正常住院” is not “常住”; 常住X / 长住X is where one lives, the destination', () => {
    expect(parse('正常住院能报多少').entities.person_category).toBeUndefined();
    expect(places('常住上海')).toMatchObject({ insured: undefined, destination: '310000' });
    expect(places('我长住深圳，潍坊医保')).toMatchObject({ insured: '370700', destination: '440300' });
  });
});

describe('regions: a place’s emergency rule', () => {
  it.each([
    ['芮城的急诊要备案吗', '140830'],
    ['湖南的急诊几天内要备案', '430000'],
  ])('“X的急诊” asks about the insured place’s rule: %s → insured %s', (text, insured) => {
    expect(places(text)).toMatchObject({ insured, destination: undefined });
  });

  it.each([
    ['去北京的急诊能报吗', '110000'],
    ['在北京急诊住院了', '110000'],
  ])('an emergency where one goes stays the destination: %s', (text, destination) => {
    expect(places(text)).toMatchObject({ insured: undefined, destination });
  });
});

describe('regions: the question without the person’s self-description (the second reading)', () => {
  it.each([
    ['我在北京参保，去上海住院怎么备案', '去上海住院怎么备案'],
    ['北京医保在外地住院能报多少', '在外地住院能报多少'],
    ['上海的医保去潍坊看病要备案吗', '去潍坊看病要备案吗'],
    ['我是北京医保，异地备案要准备什么材料', '异地备案要准备什么材料'],
    // every scheme name scheme.ts knows, not only the four of the official wording
    ['我是北京新农合的，去上海住院怎么备案', '去上海住院怎么备案'],
    ['我是北京城乡居民，去上海住院怎么备案', '去上海住院怎么备案'],
  ])('%s → %s', (text, question) => {
    expect(withoutInsuredClause(text, gazetteer())).toBe(question);
  });

  it('leaves a message without a cued insured place, or with nothing else, alone', () => {
    expect(withoutInsuredClause('潍坊备案要什么材料', gazetteer())).toBeUndefined();
    expect(withoutInsuredClause('去北京住院', gazetteer())).toBeUndefined();
    expect(withoutInsuredClause('我是潍坊医保', gazetteer())).toBeUndefined();
  });
});

describe('regions: people’s own words for where they are insured and where they stay', () => {
  it('“俺是潍坊滴” (dialect) names the insured place', () => {
    expect(places('俺是潍坊滴 俺娘在北京住院咧 能报不')).toMatchObject({ insured: '370700', destination: '110000' });
  });

  it('“在海南过冬” names where the person stays', () => {
    expect(places('我家老头子在武汉交的医保 现在在海南过冬 看病咋办')).toMatchObject({ insured: '420100', destination: '460000' });
  });
});

describe('regions: the insurance said outright beats a home town', () => {
  it('我老家是潍坊的 但是在北京参保 → insured 北京', () => {
    expect(places('我老家是潍坊的 但是在北京参保 去上海看病怎么备案')).toMatchObject({ insured: '110000', destination: '310000' });
  });
});

describe('regions: a name typed by sound (pinyin input, voice)', () => {
  it.each([
    ['维坊的医保去北京住院怎么备案', '370700', '110000'],
    ['我妈是维坊滴', '370700', undefined],
    ['瑞城县的职工医保', '140830', undefined],
    ['胡南的医保在长纱住院', '430000', '430100'],
    ['山东维坊', '370700', undefined],
  ])('%s → insured %s, destination %s', (text, insured, destination) => {
    expect(places(text)).toEqual({ insured, destination });
  });

  it('words that only sound like a place are not one', () => {
    for (const text of ['我的信仰', '同化的过程', '开通了异地医保回老家还能用吗', '医保在省内其他城市住院怎么报']) {
      expect(parse(text).entities.insured_region, text).toBeUndefined();
    }
    // 峡山区 (a zone of 潍坊) is no typo of 湛江's 霞山区: a county's sound only inside the covered regions.
    expect(places('峡山区医保大厅怎么走').insured).not.toBe('440803');
  });
});

describe('regions and category: a retired parent living at the speaker’s', () => {
  it('“退休了 在上海我这住” → destination 上海, a resettled retiree', () => {
    const e = parse('我妈妈退休了 在上海我这住').entities;
    expect(e.destination?.code).toBe('310000');
    expect(e.insured_region).toBeUndefined();
    expect(e.person_category).toBe('retiree_resettled');
  });
});

describe('regions: a place taken back within one message (issue #12)', () => {
  it('the later place replaces the earlier and keeps its role', () => {
    expect(places('我是芮城的，哦不对，是运城市区的')).toEqual({ insured: '140800', destination: undefined });
    expect(parse('我是芮城的，哦不对，是运城市区的').cued?.insured_region).toBe(true);
    expect(places('去长沙住院 不对 是去岳阳')).toEqual({ insured: undefined, destination: '430600' });
    // a place denied (不是X) beside the one said as one's own is not the insured place
    expect(places('我不是潍坊的 我是芮城的')).toEqual({ insured: '140830', destination: undefined });
    expect(places('我们是长沙的 不是湖南省直')).toEqual({ insured: '430100', destination: undefined });
  });

  it('“在运城市里住院” is where one is treated: 市里 stands between the city and its cue', () => {
    // asked by someone insured in 芮城 (which 运城 holds): 运城市 is the destination, not an insured place
    const found = extractRegions('那要是在运城市里住院呢', gazetteer(), [], ['140830']);
    expect({ insured: found.insured_region?.code, destination: found.destination?.code }).toEqual({ insured: undefined, destination: '140800' });
  });

  it('two places with their own roles are no correction', () => {
    expect(places('我是潍坊的 不是在潍坊住院 是在北京住院')).toEqual({ insured: '370700', destination: '110000' });
  });
});

describe('person category: a bare word answering the category question (issue #12)', () => {
  it.each([
    ['退休', 'retiree_resettled'], ['退休了', 'retiree_resettled'], ['我是退休人员', 'retiree_resettled'],
    ['转诊', 'referral'], ['急诊', 'emergency'], ['出差', 'temporary'], ['长期居住', 'long_term_resident'],
  ])('%s → %s', (text, category) => {
    expect(categoryAnswer(text)).toBe(category);
  });

  it('a sentence about retiring is no bare answer', () => {
    expect(categoryAnswer('退休手续怎么办')).toBeUndefined();
    expect(categoryAnswer('还没退休')).toBeUndefined();
  });
});
