/** Insurance scheme: 职工医保, “那职工呢” → employee; 城乡居民 / 居民医保 / 新农合, “换成居民” → resident. */
import type { Scheme } from '../../domain/types.js';

const RESIDENT = /城乡居民|居民医保|居民医疗保险|居民保险|新农合|农合|农村合作医疗|合作医疗|居民(呢|吗|啊|吧|的话)?[？?。!！]?$|(^|那|是|换成|改成|改为)居民|居民的/;
const EMPLOYEE = /城镇职工|职工医保|职工医疗保险|职工保险|职工基本|在职职工|退休职工|职工(呢|吗|啊|吧|的话)?[？?。!！]?$|(^|那|是|换成|改成|改为)职工|职工的|单位交的医保|单位缴的医保/;

export function extractScheme(text: string): Scheme | undefined {
  if (RESIDENT.test(text)) return 'resident';
  if (EMPLOYEE.test(text)) return 'employee';
  return undefined;
}
