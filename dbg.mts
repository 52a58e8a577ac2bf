import { openEngine } from './src/cli/open.js';
const e = await openEngine();
for (const q of process.argv.slice(2)) { const r = await e.retrieve(q); console.log(q, '|', r?.understood, JSON.stringify(r?.decision.features), r?.decision.confidence.toFixed(3), '|', r?.ranked[0]?.sentence.text.slice(0, 80)); }
