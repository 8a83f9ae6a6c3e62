// Prints the functions with the most self time in a V8 .cpuprofile: `node --import tsx bench/profile-summary.ts FILE`.
import { readFileSync } from 'node:fs';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const file = process.argv[2];
if (!file) throw new Error('Usage: bench/profile-summary.ts FILE.cpuprofile');
const profile: Profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<string, number>();
profile.samples.forEach((id, index) => {
  const node = byId.get(id);
  if (!node) return;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, 'nm:').replace(/^file:\/\/.*\/src\//, 'src/')}:${lineNumber + 1}`;
  selfTime.set(key, (selfTime.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
for (const [key, time] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${((time / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}
