/**
 * Imports run one way: domain → knowledge → rules → nlu → dialogue → core → channels, with the
 * composition root (app, bootstrap, server, cli) on top. A backward import or a file-level cycle
 * fails here, naming the file and the import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

/** Each layer may import only from its own or a lower floor. */
const FLOORS: Array<[floor: number, prefixes: string[]]> = [
  [0, ['domain/', 'errors.ts', 'config.ts', 'logger.ts', 'redis.ts', 'deadline.ts']],
  [1, ['knowledge/']],
  [2, ['rules/']],
  [3, ['nlu/']],
  [4, ['dialogue/']],
  [5, ['core/']],
  [6, ['channels/', 'records/']],
  [7, ['app.ts', 'bootstrap.ts', 'main.ts', 'dev-secret.ts', 'server/', 'cli/']],
];

function floorOf(file: string): number {
  const hit = FLOORS.find(([, prefixes]) => prefixes.some((p) => file === p || file.startsWith(p)));
  if (!hit) throw new Error(`${file} belongs to no layer: add it to FLOORS`);
  return hit[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** file (relative to src) → the src files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const abs of sourceFiles(SRC)) {
    const text = readFileSync(abs, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => {
      const spec = (m[1] ?? m[2])!.replace(/\.js$/, '.ts');
      return relative(SRC, normalize(join(dirname(abs), spec)));
    });
    graph.set(relative(SRC, abs), targets);
  }
  return graph;
}

describe('layering', () => {
  const graph = importGraph();

  it('reads a real graph', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('core/assistant.ts')).toContain('dialogue/policy.ts');
  });

  it('has no import against domain → knowledge → rules → nlu → dialogue → core → channels → composition root', () => {
    const backward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        if (floorOf(target) > floorOf(file)) backward.push(`${file} → ${target}`);
      }
    }
    expect(backward).toEqual([]);
  });

  it('has no file-level import cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const t of graph.get(file) ?? []) visit(t, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
