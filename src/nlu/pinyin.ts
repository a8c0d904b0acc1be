/**
 * Toneless pinyin of a Han character (pinyin-pro, its most common reading), so that the homophones
 * pinyin input and voice recognition produce (被案 for 备案, 节算 for 结算) still look alike to the
 * classifier. Readings are cached per character: after the first sight a lookup is a Map read.
 */
import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();
const HAN = /^\p{Script=Han}$/u;

/** The reading of one character, or undefined for anything that is not a Han character. */
export function syllableOf(char: string): string | undefined {
  let s = cache.get(char);
  if (s === undefined) {
    s = HAN.test(char) ? pinyin(char, { toneType: 'none', type: 'string' }) : '';
    // A runaway stream of rare characters should not grow the cache without bound.
    if (cache.size < 50_000) cache.set(char, s);
  }
  return s || undefined;
}

/**
 * Mandarin's toneless syllables as typed (ü as u: lü → lu, nüe → nue), from pinyin-pro's readings of the CJK
 * block: what a run of Latin letters is cut into when it is read as pinyin. A fixed fact of the language.
 */
const SYLLABLES = new Set(`a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai
dan dang dao de den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga
gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan
huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai
kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lue lun luo ma mai man
mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu
nong nou nu nuan nue nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing
qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang
shao she shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti
tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan
xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen
zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo`.split(/\s+/));
const LONGEST_SYLLABLE = 6;

/** Whether letters are one toneless syllable (xian, not xi'an: a name of two is never read from one). */
export function isSyllable(letters: string): boolean {
  return SYLLABLES.has(letters);
}

/** The syllables a run of letters cuts into (fewest first found), or undefined where it is not pinyin (“hello”). */
export function syllablesIn(letters: string): string[] | undefined {
  // best[i]: the fewest syllables that spell letters[0, i).
  const best: Array<string[] | undefined> = [[]];
  for (let i = 1; i <= letters.length; i++) {
    for (let k = Math.max(0, i - LONGEST_SYLLABLE); k < i; k++) {
      const before = best[k];
      const piece = letters.slice(k, i);
      if (before && SYLLABLES.has(piece) && (!best[i] || best[i]!.length > before.length + 1)) best[i] = [...before, piece];
    }
  }
  return best[letters.length];
}

/** The toneless pinyin of a name, its characters read together (长沙 → chang sha, 重庆 → chong qing), ü as u. */
export function readingOf(name: string): string[] {
  return pinyin(name, { toneType: 'none', type: 'array' }).map((s) => s.replace(/ü/g, 'u'));
}
