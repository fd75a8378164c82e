/** `npm run audit:verify`: verifies the whole audit log; exit code 1 when anything is broken. */
import { loadConfig } from '../config.js';
import { openOrExit } from '../boot.js';
import { systemActor } from '../platform/authz.js';
import { createServices } from '../services.js';

const config = loadConfig();
const database = await openOrExit(config);
try {
  const services = createServices(database, config);
  const res = await services.audit.verify(systemActor('audit-verify'));
  console.log(`审计记录 ${res.checkedRecords} 条，审计链 ${res.chains} 条，封存 ${res.seals} 次，未封存 ${res.unsealedRecords} 条`);
  if (res.ok) console.log('校验通过：审计日志完整，未发现篡改');
  else {
    console.log(`校验失败：发现 ${res.problems.length} 处问题。第一处：${res.firstBroken?.id !== null ? `记录 #${res.firstBroken?.id} ` : ''}${res.firstBroken?.reason}`);
    for (const p of res.problems.slice(1, 20)) console.log(`  - [${p.code}] ${p.reason}`);
  }
  process.exitCode = res.ok ? 0 : 1;
} finally {
  await database.close();
}
