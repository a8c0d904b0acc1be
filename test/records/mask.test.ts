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
    ['a name after 我叫 that ends in 明', '我叫王小明，备案要什么材料', '我叫[姓名]，备案要什么材料'],
    ['a name after a relative', '我爸刘德华要备案', '我爸[姓名]要备案'],
    ['a name after 我妈妈', '我妈妈王桂兰在武汉住院', '我妈妈[姓名]在武汉住院'],
    ['a name whose 备案 is asked about', '张建国的备案办好了吗', '[姓名]的备案办好了吗'],
    ['a name that is in hospital', '赵敏住院了', '[姓名]住院了'],
    ['a name that retired, in a second clause', '问一下，孙丽华退休了在长沙住', '问一下，[姓名]退休了在长沙住'],
    ['a name after 帮我查一下', '帮我查一下李秀英的报销', '帮我查一下[姓名]的报销'],
    ['a name after 给', '给陈晓东办异地备案', '给[姓名]办异地备案'],
    ['a name after 请问', '请问杨秀珍的备案到期了吗', '请问[姓名]的备案到期了吗'],
    ['a compound surname at the start', '欧阳娜娜能备案吗', '[姓名]能备案吗'],
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
    // Places whose names start with a surname, doing what a person would (寿光 and 常德 are in jieba's dictionary as persons).
    '寿光的医保能在武汉用吗',
    '常德的医保',
    '黄石的报销',
    '石家庄住院能报吗',
    '任丘的医保',
    '周口要备案吗',
    '武汉江岸区住院',
    '高新区在哪',
    // 医保 terms and common words that start like a name.
    '高血压住院能报吗',
    '白血病要备案吗',
    '康复要备案吗',
    '孙子在外地上学',
    '明天去武汉住院',
    '万一住院了怎么办',
    '全家都要备案吗',
    '余额在哪看',
    '费用的标准',
    '我妈常住长沙',
    '我妈高血压',
    '给付标准是什么',
    '帮我查一下武汉的政策',
    '请问常住地在哪',
  ])('leaves %s as it is', (text) => {
    expect(maskPersonal(text)).toBe(text);
  });
});
