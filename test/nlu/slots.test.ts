/**
 * Slots read as people mean them (issue #12, item 4): dates said without a year against a December
 * today, month.day, a bare place before 能报多少, 职工 / 居民 on their own, an arrow between places,
 * district names several cities share, amounts as people say them, categories denied or asked about.
 */
import { describe, expect, it } from 'vitest';
import { trainedNlu } from './support.js';

/** 2026-12-06 (a Sunday), noon: the brief's December. */
const DECEMBER = new Date(2026, 11, 6, 12);
const read = (text: string) => trainedNlu().parse(text, { now: DECEMBER }).entities;
const codes = (text: string) => {
  const e = read(text);
  return { insured: e.insured_region?.code, destination: e.destination?.code };
};

describe('a month and day without a year, in December', () => {
  it.each([
    // A stay already made: this past January.
    ['1月5号住的院', '2026-01-05'],
    ['1月5号住了院，能补备案吗', '2026-01-05'],
    // A plan: the coming January.
    ['1月5号要去住院', '2027-01-05'],
    ['打算1月5号去北京住院', '2027-01-05'],
    // Neither: the nearer one (next month, not eleven months ago; a fortnight ago, not next year).
    ['1月5号入院', '2027-01-05'],
    ['11月20号入院', '2026-11-20'],
    // Still this year when it has not passed.
    ['12月20号住院', '2026-12-20'],
    ['去年12月3号住院', '2025-12-03'],
  ])('%s → %s', (text, date) => {
    expect(read(text).date).toBe(date);
  });

  it('reads month.day (12.1住院, 11.20出院, the bare answer 12.10) and never an amount or a ratio as a date', () => {
    expect(read('12.1住院').date).toBe('2026-12-01');
    expect(read('12.1号住院').date).toBe('2026-12-01'); // was 2027-01-01: “1号” read alone
    expect(read('11.20出院').date).toBe('2026-11-20');
    expect(read('12.10').date).toBe('2026-12-10');
    expect(read('花了1.5万能报多少').date).toBeUndefined();
    expect(read('报销比例0.85').date).toBeUndefined();
    expect(read('比例是3.5').date).toBeUndefined();
  });

  it('a bare day said of a stay made is the last such day; of a plan, the next', () => {
    expect(read('15号住的院').date).toBe('2026-11-15');
    expect(read('上个月15号住的院').date).toBe('2026-11-15');
    expect(read('15号住院').date).toBe('2026-12-15');
  });
});

describe('the insured place said bare, and two places joined', () => {
  it('a covered place opening a question of what it pays is the insured place; 去X stays the destination', () => {
    expect(codes('芮城能报多少')).toEqual({ insured: '140830', destination: undefined });
    expect(codes('芮城一类医疗机构报多少').insured).toBe('140830');
    expect(codes('去芮城能报多少')).toEqual({ insured: undefined, destination: '140830' });
  });

  it('a covered county opening a referral of its own (开转诊, 要转到) is the insured place; the place it goes to is the destination', () => {
    // both dropped before: the national referral rule was given for 芮城's own
    expect(codes('芮城开转诊，手里得备齐啥').insured).toBe('140830');
    expect(codes('芮城要转到运城看病，转诊手续找哪家医院办')).toEqual({ insured: '140830', destination: '140800' });
  });

  it('X→Y, X->Y and X到Y: from the insured place to the destination', () => {
    expect(codes('芮城→太原')).toEqual({ insured: '140830', destination: '140100' });
    expect(codes('芮城->北京')).toEqual({ insured: '140830', destination: '110000' });
    expect(codes('芮城到太原住院')).toEqual({ insured: '140830', destination: '140100' });
  });

  it('a place said before the province it lies in is the insured place said precisely (山西医保公众号 is a channel)', () => {
    expect(codes('芮城的备案能在山西医保公众号上办吗')).toEqual({ insured: '140830', destination: undefined });
  });

  it('where one is (在X开会, 出差在X, 户口迁到了X, 在X长住) is the destination; 养老金, 住房公积金 are not a stay', () => {
    expect(codes('在贵阳开会突然胸口疼被120拉去急诊').destination).toBe('520100');
    expect(codes('出差在西宁拉肚子去医院看门诊').destination).toBe('630100');
    expect(codes('我爸退休后户口迁到了昆明 给他办异地安置备案').destination).toBe('530100');
    expect(codes('我不是退休的 在上海长住 备案要带什么材料').destination).toBe('310000');
    expect(codes('潍坊的长期居住备案能马上取消吗')).toEqual({ insured: '370700', destination: undefined });
    expect(codes('北京养老金发放标准').destination).toBeUndefined();
    expect(codes('上海住房公积金提取多久到账').destination).toBeUndefined();
  });
});

describe('a place said as where one is from, and where one works', () => {
  it('a space or a mark between a place and 的 / 滴 / 人 does not hide it (俺 寿光滴)', () => {
    expect(codes('俺 寿光滴').insured).toBe('370783');
    expect(codes('寿光 的').insured).toBe('370783');
    expect(codes('俺是 芮城 人').insured).toBe('140830');
  });

  it('在X工地干活 is where the person is; a bare “<place>的” is the insured place, in either order', () => {
    expect(codes('俺在广州工地干活 湖南的')).toEqual({ insured: '430000', destination: '440100' });
    expect(codes('湖南的 在广州工地干活')).toEqual({ insured: '430000', destination: '440100' });
    expect(codes('我在东莞厂里上班，潍坊人')).toEqual({ insured: '370700', destination: '441900' });
    // 去X的 stays the destination.
    expect(codes('我是去北京的').destination).toBe('110000');
  });

  it('two places said as one’s own, the later inside the first, are one place said precisely (湖南的 岳阳的)', () => {
    expect(codes('我是湖南的 岳阳的')).toEqual({ insured: '430600', destination: undefined });
    expect(codes('山东潍坊的 寿光的')).toEqual({ insured: '370783', destination: undefined });
  });
});

  it('where the insurance is paid, said of the place of work a second time, beats the home town (老家湖南)', () => {
    // 深圳 is where the person works and where 社保 is paid: insured there, and no destination said.
    expect(codes('我在深圳上班 社保是深圳交的 老家湖南，住院怎么报')).toEqual({ insured: '440300', destination: undefined });
    expect(codes('在武汉上班 医保在武汉交的 老家湖南')).toEqual({ insured: '420100', destination: undefined });
    expect(codes('在潍坊打工 社保关系在潍坊 老家是湖南的')).toEqual({ insured: '370700', destination: undefined });
    expect(codes('在芮城上班 在芮城交的医保 老家湖南')).toEqual({ insured: '140830', destination: undefined });
    // Said once, the insurance's place is the insured place and the place of work the destination, as before.
    expect(codes('医保在武汉交的 老家湖南 在深圳上班')).toEqual({ insured: '420100', destination: '440300' });
    // A place of work said twice with no word of the insurance stays where the person is.
    expect(codes('我在深圳上班 深圳住院 老家湖南的')).toEqual({ insured: '430000', destination: '440300' });
  });

describe('a district name several cities share resolves inside the place just said', () => {
  it.each([
    ['福州鼓楼区参保', '350102'],
    ['开封鼓楼区参保', '410204'],
    ['武汉青山区参保', '420107'],
    ['包头青山区的人', '150204'],
    ['杭州西湖区参保', '330106'],
    ['南昌西湖区的', '360103'],
    ['兰州城关区参保', '620102'],
    ['拉萨城关区的人', '540102'],
    ['沧州新华区的人', '130902'],
  ])('%s → %s', (text, code) => {
    expect(codes(text).insured).toBe(code);
  });

  it('said with no city (我是鼓楼区的, 朝阳区的), it is not guessed: no place, the name kept to ask about', () => {
    const u = trainedNlu().parse('我是鼓楼区的', { now: DECEMBER });
    expect(u.entities.insured_region).toBeUndefined();
    expect(u.unresolvedPlace).toBe('鼓楼区');
    // Not the shorter 朝阳 (朝阳市, 辽宁) either.
    expect(codes('朝阳区的')).toEqual({ insured: undefined, destination: undefined });
    // A covered region's namesake is still taken (青山区 is 武汉's), and a city said resolves it.
    expect(codes('青山区的').insured).toBe('420107');
    expect(trainedNlu().parse('南京鼓楼区的', { now: DECEMBER }).unresolvedPlace).toBeUndefined();
  });

  it('武汉 has no 鼓楼区: 武汉 is the insured place, never 南京市鼓楼区', () => {
    expect(codes('武汉鼓楼区的人')).toEqual({ insured: '420100', destination: undefined });
    expect(codes('我是武汉鼓楼区的 去北京住院')).toEqual({ insured: '420100', destination: '110000' });
  });
});

describe('the scheme said briefly', () => {
  it.each([
    ['芮城职工住院报多少', 'employee'],
    ['芮城居民住院报多少', 'resident'],
    ['芮城居民去运城住院', 'resident'],
    ['从居民换成职工', 'employee'],
    // The rural cooperative scheme, merged into the resident scheme, by its old names.
    ['农村医保', 'resident'],
    ['新农合', 'resident'],
    ['合作医疗', 'resident'],
    ['我是农村医保，去北京住院能报多少', 'resident'],
  ])('%s → %s', (text, scheme) => {
    expect(read(text).scheme).toBe(scheme);
  });

  it('both schemes named is a comparison, not the person’s scheme', () => {
    expect(read('职工医保比居民医保好吗').scheme).toBeUndefined();
    expect(read('居民医保与职工医保有区别吗').scheme).toBeUndefined();
  });
});

describe('amounts as people say them', () => {
  it.each([
    ['住院花了3万', 30000],
    ['三万块能报多少', 30000],
    ['1.5w能报多少', 15000],
    ['花了两千五', 2500],
    ['3000元左右', 3000],
    ['住院费用三万八个人要掏多少钱', 38000],
    // A number said as an estimate is a sum; said of days, hours or distances it is not.
    ['大概3000左右', 3000],
    ['差不多两千吧', 2000],
  ])('%s → %d', (text, amount) => {
    expect(read(text).amount).toBe(amount);
  });

  it('an estimate of days, hours or distance is no amount', () => {
    expect(read('大概100天').amount).toBeUndefined();
    expect(read('大概1000公里').amount).toBeUndefined();
    expect(read('大概3点').amount).toBeUndefined();
  });

  it('120 is the emergency number: money only with a money word before it or a currency after it', () => {
    expect(read('约120').amount).toBeUndefined();
    expect(read('打了120').amount).toBeUndefined();
    expect(read('叫了120 能报吗').amount).toBeUndefined();
    expect(read('120急救车的费用能报吗').amount).toBeUndefined();
    expect(read('120').amount).toBeUndefined();
    expect(read('花了120').amount).toBe(120);
    expect(read('挂号费120能报吗').amount).toBe(120);
    expect(read('大概120元').amount).toBe(120);
    expect(read('打了120 花了3000').amount).toBe(3000);
    // Other sums are read as before.
    expect(read('约150').amount).toBe(150);
  });
});

describe('categories denied, and asked about', () => {
  it('a category said not to apply is not the category', () => {
    expect(read('没转诊能报多少').person_category).toBeUndefined();
    expect(read('不是退休人员').person_category).toBeUndefined();
    expect(read('我不是退休的，是出差').person_category).toBe('temporary');
  });

  it('A不A asks about the category (算不算长期居住, 是不是急诊), it does not deny it', () => {
    expect(read('退休以后在三亚买了房 算不算长期居住人员').person_category).toBe('long_term_resident');
    expect(trainedNlu().parse('是不是急诊', { now: DECEMBER }).deniedCategory).toBeUndefined();
    expect(trainedNlu().parse('不是急诊', { now: DECEMBER }).deniedCategory).toBe('emergency');
  });

  it('哪一类 asks which category; it names no hospital class', () => {
    expect(read('职工医保退休人员可以办哪一类').hospital_class).toBeUndefined();
    expect(read('芮城一类医疗机构报多少').hospital_class).toBe('class1');
  });
});
