/** Personal data is masked before a record is stored: one case for each kind, and what must stay. */
import { describe, expect, it } from 'vitest';
import { maskPersonal } from '../../src/records/mask.js';

describe('maskPersonal', () => {
  it.each([
    ['an 18-digit ID number', '我的身份证370702199001011234能备案吗', '我的身份证[身份证号]能备案吗'],
    ['an ID number ending in X, spaced', '身份证号 370702 19900101 123X', '身份证号 [身份证号]'],
    ['an old 15-digit ID number', '老身份证370702900101123', '老身份证[身份证号]'],
    ['a mobile number', '手机13812345678联系我', '手机[电话]联系我'],
    ['a mobile number spaced, with +86', '打+86 138 1234 5678', '打[电话]'],
    ['a mobile number in full-width digits', '电话１３８１２３４５６７８', '电话[电话]'],
    ['a landline with area code', '家里电话0536-8221234', '家里电话[电话]'],
    ['a bank card in groups of four', '社保卡银行卡号6222 0212 3456 7890 123', '社保卡银行卡号[银行卡号]'],
    ['a bank card in one run', '卡号6222021234567890', '卡号[银行卡号]'],
    ['a name after 我叫', '我叫张三，想问备案', '我叫[姓名]，想问备案'],
    ['a name after 患者', '患者李四住院了怎么报销', '患者[姓名]住院了怎么报销'],
    ['a compound surname after 姓名：', '姓名：欧阳娜娜', '姓名：[姓名]'],
  ])('masks %s', (_kind, text, masked) => {
    expect(maskPersonal(text)).toBe(masked);
  });

  it.each([
    '患者住院要带什么材料',
    '参保人本人能办吗',
    '我是张家口的退休人员',
    '医保服务热线12393',
    '住院花了12000元能报多少',
    '2026年11月22日住院',
    '潍坊市370700的政策',
  ])('leaves %s as it is', (text) => {
    expect(maskPersonal(text)).toBe(text);
  });
});
