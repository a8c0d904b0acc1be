import { maskPersonal } from '../src/records/mask.js';
let t = performance.now(); maskPersonal('张建国的备案'); console.log('first call ms', performance.now() - t);
const texts = ['张建国的备案办好了吗','我妈高血压住院能报吗','潍坊参保的退休人员备案要啥材料','异地就医备案后多久能用'];
t = performance.now(); for (let i = 0; i < 20000; i++) maskPersonal(texts[i % 4]!); console.log('per call µs', (performance.now() - t) / 20000 * 1000);
console.log('rss MB', process.memoryUsage().rss / 1e6);
