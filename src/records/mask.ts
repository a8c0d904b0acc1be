/**
 * Personal data out of a text before it is stored: ID numbers, bank cards, phone numbers, and
 * names where the wording shows one (“我叫张三”, “患者李四”, “姓名：王小明”). Each kind becomes a
 * bracketed tag, so what the question was about stays readable and nothing identifying is kept.
 * Order matters: an 18-digit ID number is taken before the longer run of a bank card.
 */
export const MASKS = {
  id: '[身份证号]',
  card: '[银行卡号]',
  phone: '[电话]',
  name: '[姓名]',
} as const;

const FULLWIDTH_DIGIT = /[０-９Ｘｘ]/g;
/** 18-digit resident ID (last may be X) and the old 15-digit one, spaces allowed between groups. */
const ID_NUMBER = /(?<![\dA-Za-z])(?:\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx]|\d{15})(?![\dA-Za-z])/g;
/** Bank cards: 16 to 19 digits, in groups of four or not. */
const BANK_CARD = /(?<!\d)(?:\d{4}[ -]?){3}\d{4}(?:[ -]?\d{1,3})?(?!\d)|(?<!\d)\d{16,19}(?!\d)/g;
/** Mobiles (with or without +86, spaced 3-4-4) and landlines with an area code. */
const PHONE = /(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)|(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)/g;

const SURNAMES_COMPOUND = '欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|令狐|夏侯|司徒|端木';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
/** Characters that end a name: what follows a name in a question, not part of it. */
const NOT_IN_NAME = '的是在要想住去今昨明参备办报能可会和与跟及，,。.！!？?、；;：: 0-9在从到了吗呢吧啊呀';
/** Words after which a name follows. */
const NAME_CUE = '我叫|名叫|叫做|名字是|名字叫|姓名是|姓名为|姓名[:：]?|患者|病人|参保人|被保险人|本人是|联系人';
const NAME = new RegExp(
  `(${NAME_CUE})\\s*((?:${SURNAMES_COMPOUND}|[${SURNAMES}])[^${NOT_IN_NAME}\\P{Script=Han}]{1,2})`,
  'gu',
);

export function maskPersonal(text: string): string {
  return text
    .replace(FULLWIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(ID_NUMBER, MASKS.id)
    .replace(BANK_CARD, MASKS.card)
    .replace(PHONE, MASKS.phone)
    .replace(NAME, (_m, cue: string) => `${cue}${MASKS.name}`);
}
