/**
 * Entities read as a person means them, round 20 (issue #12 item 4): 万/千/百 of a name is no sum, a deposit is not the
 * bill, 打工 is a work word, a pinyin place glued to the Chinese after it, the scheme glued to the rate table's class
 * words, and someone else's whereabouts read alike whoever they are. Written for these checks, never from the test splits.
 */
import { describe, expect, it } from 'vitest';
import { extractAmount, extractAmountRange } from '../../src/nlu/entities/amount.js';
import { extractHospitalClass } from '../../src/nlu/entities/hospital-class.js';
import { extractPersonCategory } from '../../src/nlu/entities/person.js';
import { extractRegions } from '../../src/nlu/entities/regions.js';
import { extractScheme } from '../../src/nlu/entities/scheme.js';
import { gazetteer } from '../../src/nlu/gazetteer.js';
import { coveredRegionCodes } from '../../src/nlu/index.js';
import { parse } from './support.js';

const g = gazetteer();
const covered = coveredRegionCodes();
const roles = (text: string) => {
  const r = extractRegions(text, g, covered);
  return { insured: r.insured_region?.name, destination: r.destination?.name };
};

describe('万, 千, 百 opening a name is no sum', () => {
  it('a place whose name opens with 万/千/百 gives the place and no amount', () => {
    for (const [text, place] of [['我是万柏林的', '万柏林区'], ['我是万州的', '万州区'], ['我是万宁的', '万宁市'], ['我是千阳的', '千阳县'], ['我是万荣的', '万荣县']] as const) {
      const u = parse(text);
      expect(u.entities.insured_region?.name, text).toBe(place);
      expect(u.entities.amount, text).toBeUndefined();
    }
  });

  it('the bill said after such a place is the bill, not the place’s 万 or 百', () => {
    expect(extractAmount('万州的医保去重庆住院花了两万')).toBe(20000);
    expect(extractAmount('百色住院花了八千')).toBe(8000);
    expect(extractAmount('千阳的 住院费三千五')).toBe(3500);
  });

  it('a person’s name and 千万 (by all means) are no sum', () => {
    expect(extractAmount('我叫王万里')).toBeUndefined();
    expect(extractAmount('千万别忘了备案')).toBeUndefined();
    expect(extractAmount('千万别')).toBeUndefined();
  });

  it('万把块, 千把块 (about ten thousand, about a thousand) are still sums', () => {
    expect(extractAmount('花了万把块钱')).toBe(10000);
    expect(extractAmount('千把块钱能报吗')).toBe(1000);
    // A figure with its digit is untouched.
    expect(extractAmount('花了一万')).toBe(10000);
    expect(extractAmount('十万能报多少')).toBe(100000);
  });
});

describe('a deposit is not the bill', () => {
  it('a deposit paid gives no amount to estimate from', () => {
    for (const text of ['住院押金交了一万', '押了5000', '押金交了5000', '预交了两万', '交了一万押金', '先交了3000的押金', '住院预交金交了一万五']) {
      expect(extractAmount(text), text).toBeUndefined();
    }
    expect(parse('住院押金交了一万').entities.amount).toBeUndefined();
  });

  it('the bill said beside the deposit is the amount', () => {
    expect(extractAmount('交了一万押金，总共花了三万')).toBe(30000);
    expect(extractAmount('押金交了5000，出院花了8000')).toBe(8000);
    expect(extractAmount('花了两万，押金交了一万')).toBe(20000);
  });

  it('a sum paid back, or the part one paid oneself after it, is not the bill either', () => {
    for (const text of ['报了六千，自己出了四千', '医保报了8000', '报销了一万二', '自费部分两千', '医保给返了三千多']) {
      expect(extractAmount(text), text).toBeUndefined();
    }
    expect(extractAmount('总共花了一万，报了六千')).toBe(10000);
    expect(extractAmount('报了六千，总共花了一万')).toBe(10000);
    // Paying the bill oneself before claiming it (自己掏了, 先垫付了) is the bill.
    expect(extractAmount('自己先垫付了一万二')).toBe(12000);
    expect(extractAmount('在外地住院自己出了一万二，回来能报吗')).toBe(12000);
  });

  it('a deposit said as a range is no range of the bill', () => {
    expect(extractAmountRange('押金交了七八千')).toBeUndefined();
    expect(extractAmountRange('花了七八千')).toEqual({ low: 7000, high: 8000 });
  });
});

describe('what follows a figure says it is no sum: one list', () => {
  it('counts, times, ranks and places after a figure, in a single figure and in a range', () => {
    expect(extractAmount('在301医院住院花了')).toBeUndefined();
    expect(extractAmount('住院费在3号楼交')).toBeUndefined();
    expect(extractAmount('住了150天')).toBeUndefined();
    // A range of floors or beds is no range of money either (it was read only for the single figure).
    expect(extractAmountRange('费用在301到305室交')).toBeUndefined();
    expect(extractAmountRange('住院费在201到208病区交')).toBeUndefined();
  });
});

describe('打工, 务工: the notices’ 外出务工人员, insured at home', () => {
  it('a home town beside 打工 / 务工 stays insured, the work place is the destination (务工地), unlike 上班', () => {
    expect(roles('我是河南人在北京上班')).toEqual({ insured: '北京市', destination: undefined });
    expect(roles('我是河南人在北京打工')).toEqual({ insured: '河南省', destination: '北京市' });
    expect(roles('我是河南人在北京务工')).toEqual({ insured: '河南省', destination: '北京市' });
    expect(roles('在广州务工的湖南人')).toEqual({ insured: '湖南省', destination: '广州市' });
  });

  it('打工 with the insurance paid there names the work place insured, as 上班 does', () => {
    expect(roles('我在上海打工交的社保')).toEqual({ insured: '上海市', destination: undefined });
    expect(roles('我是河南人，在北京打工交的医保，回河南住院')).toEqual({ insured: '北京市', destination: '河南省' });
  });

  it('the resident scheme named is paid at home, not through a job: the home town stays insured beside 上班 too', () => {
    expect(roles('老家河南，在北京打工，新农合')).toEqual({ insured: '河南省', destination: '北京市' });
    expect(roles('我是河南人在北京上班，交的城乡居民医保')).toEqual({ insured: '河南省', destination: '北京市' });
  });

  it('going to work somewhere (去X打工) is still only where one goes', () => {
    expect(roles('我是河南人要去北京打工')).toEqual({ insured: '河南省', destination: '北京市' });
  });
});

describe('a pinyin place glued to the Chinese after it', () => {
  it('wuhan备案… reads 武汉 as xinzhou备案… reads the shared spelling, to be asked', () => {
    const wuhan = parse('wuhan备案要什么材料');
    expect(wuhan.entities.insured_region?.name).toBe('武汉市');
    const xinzhou = parse('xinzhou备案要什么材料');
    expect(xinzhou.unresolvedPlace).toBe('xinzhou');
    expect(xinzhou.placeCandidates?.map((p) => p.name)).toEqual(['忻州市', '新洲区']);
    // Read as if typed in characters, whatever role the words give it.
    expect(parse('weifang住院能报多少').entities).toEqual(parse('潍坊住院能报多少').entities);
    expect(parse('weifang住院能报多少').entities.destination?.name).toBe('潍坊市');
  });

  it('pinyin that is no place stays as typed', () => {
    expect(parse('bu yiyang吗').entities.insured_region).toBeUndefined();
  });
});

describe('the scheme glued to the rate table’s class words', () => {
  it('芮城职工3类 is the employee scheme and class 3, as 芮城职工三类 is', () => {
    expect(extractScheme('芮城职工3类')).toBe('employee');
    expect(extractHospitalClass('芮城职工3类')).toBe('class3');
    expect(extractScheme('居民2类医院住院')).toBe('resident');
    expect(extractScheme('职工外省医院住院')).toBe('employee');
    const u = parse('芮城职工3类');
    expect(u.entities.scheme).toBe('employee');
    expect(u.entities.hospital_class).toBe('class3');
  });

  it('a count of 3 of a kind is no class', () => {
    expect(extractHospitalClass('有3类人可以备案')).toBeUndefined();
    expect(extractHospitalClass('13类')).toBeUndefined();
  });
});

describe('someone else’s whereabouts read alike whoever they are', () => {
  it('a relative or another person in a place is where they are, never the insured place', () => {
    for (const text of ['婆婆在广州', '老人家在广州', '我奶奶在郑州', '我外婆在广州', '我儿子在北京', '我女儿在上海', '我哥在深圳', '我丈夫在深圳',
      '我爸妈都在广州', '婆婆现在住广州', '婆婆住在广州']) {
      const r = roles(text);
      expect(r.insured, text).toBeUndefined();
      expect(r.destination, text).toBeDefined();
    }
  });

  it('understood as 婆婆在广州 is: no topic and no insured place (我奶奶在郑州 started a filing for 郑州)', () => {
    const said = parse('婆婆在广州');
    for (const text of ['我奶奶在郑州', '我儿子在北京', '我爸妈都在广州']) {
      const u = parse(text);
      expect(u.intent, text).toBe(said.intent);
      expect(u.entities.insured_region, text).toBeUndefined();
    }
  });

  it('the person’s own 我在X is still their own place', () => {
    expect(roles('我在寿光')).toEqual({ insured: '寿光市', destination: undefined });
  });
});

describe('places, people, amounts and dates in people’s phrasing', () => {
  it('reads each as a person means it', () => {
    expect(roles('我在东莞上班老家是湖南的').insured).toBe('东莞市');
    expect(extractAmount('花了三万多')).toBe(30000);
    expect(extractAmount('大概两万左右')).toBe(20000);
    expect(parse('12月3号住的院').entities.date).toBe('2026-12-03');
    expect(roles('孩子在北京上学')).toEqual({ insured: undefined, destination: '北京市' });
    expect(roles('我妈跟我在杭州住，她是安徽的医保')).toEqual({ insured: '安徽省', destination: '杭州市' });
    expect(roles('我在武汉读书，户口在湖南')).toEqual({ insured: '湖南省', destination: '武汉市' });
    expect(extractAmount('上个月住了十天院花了八千多')).toBe(8000);
    expect(extractAmount('自己掏了一万二')).toBe(12000);
    expect(extractAmount('住了一个星期，花了1.5万')).toBe(15000);
  });
});

describe('entmend: a question about what is paid back keeps the bill', () => {
  it('报了多少 / 统筹支付多少 after the bill asks; the bill said is the amount', () => {
    for (const [text, bill] of [['住院一万，报了多少', 10000], ['住院三万，报销了多少', 30000], ['一万块，报回来多少', 10000],
      ['一万的住院费报销了多少', 10000], ['异地住院3万元，统筹支付多少', 30000], ['三万医药费，医保支付多少', 30000],
      ['住院三万块返了多少', 30000], ['两万块统筹支付多少', 20000], ['芮城职工，在北京住院一万二，医保报了多少钱', 12000],
      ['花了一万，报销比例是多少', 10000], ['住院花了两万，能报回来几千', 20000]] as const) {
      expect(extractAmount(text), text).toBe(bill);
      expect(parse(text).entities.amount, text).toBe(bill);
    }
  });

  it('asked that way it is the estimate, as on the tree before (两万块统筹支付多少 went to local_benefits)', () => {
    for (const text of ['两万块统筹支付多少', '住院一万，报了多少', '芮城职工，在北京住院一万二，医保报了多少钱']) {
      expect(parse(text).intent, text).toBe('reimbursement_estimate');
    }
  });

  it('a sum said paid back is still no bill, nor the part paid oneself beside it', () => {
    for (const text of ['报了六千，自己出了四千', '医保报了8000', '统筹支付了一万', '医保返了三千，还能报吗']) {
      expect(extractAmount(text), text).toBeUndefined();
    }
    // A paid-back word in another clause says nothing of a figure before it.
    expect(extractAmount('花了一万，医保报了六千')).toBe(10000);
    expect(extractAmount('住院一万二，报了吗')).toBe(12000);
  });
});

describe('entmend: a sum spoken from its unit (万多块, 万五, 千八百块钱) is a sum, a name opening with one is not', () => {
  it('spoken sums', () => {
    expect(extractAmount('花了万多块')).toBe(10000);
    expect(extractAmount('花了万五')).toBe(15000);
    expect(extractAmount('花了千八百块钱')).toBe(1800);
    expect(extractAmount('住院费万把块')).toBe(10000);
    expect(extractAmount('交了千五')).toBe(1500);
    expect(parse('花了万多块').entities.amount).toBe(10000);
  });

  it('names and words opening with 万/千/百 are still no sum', () => {
    for (const text of ['我是万柏林的', '我是万州的', '百色住院', '我叫王万里', '千万别忘了备案', '万一报不了怎么办', '花了钱万一报不了呢']) {
      expect(extractAmount(text), text).toBeUndefined();
    }
    // A money word before a place's name makes no sum of it either: the unit alone needs a sum's continuation.
    for (const text of ['交了万州的医保', '我交了万柏林的居民医保', '花了万州那边的钱', '交了千阳的社保']) {
      expect(extractAmount(text), text).toBeUndefined();
    }
    expect(extractAmount('交了万荣县的医保，住院花了三万')).toBe(30000);
  });
});

describe('entmend: a topic word after pinyin states a place only where the spelling cannot be a person’s name', () => {
  it('a person’s name before 住院 is no place and no change of topic', () => {
    expect(parse('Liu Yang住院能报多少').entities.destination).toBeUndefined();
    expect(parse('Liu Yang住院能报多少').entities.insured_region).toBeUndefined();
    const friend = parse('我朋友Liu Yang住院了');
    expect(friend.entities.destination).toBeUndefined();
    expect(friend.intent).toBe(parse('我朋友小刘住院了').intent);
    expect(parse('我朋友liuyang住院了').entities.destination).toBeUndefined();
  });

  it('one word opening the message, or after 在/去, still states the place', () => {
    expect(parse('wuhan备案要什么材料').entities.insured_region?.name).toBe('武汉市');
    expect(parse('xinzhou备案要什么材料').unresolvedPlace).toBe('xinzhou');
    expect(parse('在liuyang住院能报多少').entities.destination?.name).toBe('浏阳市');
    expect(parse('liuyang住院能报多少').entities).toEqual(parse('浏阳住院能报多少').entities);
  });

  it('after a greeting said first, as at the message’s start (review finding on entmend)', () => {
    expect(parse('你好 weifang住院能报多少').entities).toEqual(parse('weifang住院能报多少').entities);
    expect(parse('您好，wuhan备案要什么材料').entities.insured_region?.name).toBe('武汉市');
    expect(parse('请问 liuyang住院能报多少').entities.destination?.name).toBe('浏阳市');
    expect(parse('你好 我朋友liuyang住院了').entities.destination).toBeUndefined();
  });
});

describe('entmend: 我和 a relative 都在 X — the person is there too', () => {
  it('我和我妈都在广州 names the person’s own place, as on the tree before', () => {
    expect(roles('我和我妈都在广州').insured).toBe('广州市');
    expect(roles('我跟我妈都在广州').insured).toBe('广州市');
    // The relative alone is still only where they are.
    expect(roles('我爸妈都在广州').insured).toBeUndefined();
  });
});

describe('sent by the employer, said as 派过来 / 派来 (nlu21 finding)', () => {
  it('is a posted worker, as 派我去 and 被派 are; 派出所 and 派送 are no category', () => {
    for (const text of ['我是单位派过来的', '公司派来的', '单位派来这边工作的', '我是被公司派过去的']) {
      expect(extractPersonCategory(text), text).toBe('posted_worker');
    }
    for (const text of ['我在派出所上班', '快递派送到哪了']) expect(extractPersonCategory(text), text).toBeUndefined();
  });
});
