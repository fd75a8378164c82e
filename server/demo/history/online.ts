/**
 * 网上申办 in the demo history (issue 16): on the last working days a few citizens apply online with scans, and the
 * district centre's front desk pre-reviews them — so the demo opens on a pre-review queue with a late one (red), one
 * in today's limit, one waiting for the applicant's fix, one passed waiting for the visit with the originals, and one
 * 全程网办 application accepted online into a case. Every step goes through the services, on the history's clock.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { citizenIdCheckChar } from '../../../common/validators.js';
import { addDays } from '../../../common/working-days.js';
import { rows } from '../../platform/db.js';
import { applicantActorOf } from '../../modules/applicants/applicants.service.js';
import { applicants } from '../../modules/applicants/applicants.tables.js';
import type { ApplicationView } from '../../modules/online/online.schemas.js';
import { cst } from './timeline.js';
import type { World } from './world.js';

const CITIZENS = [
  { name: '欧阳晓琳', id17: '44010319880512004', phone: '13926000001' },
  { name: '麦志坚', id17: '44010319790303003', phone: '13926000002' },
  { name: '谭嘉怡', id17: '44010319950718008', phone: '13926000003' },
  { name: '冼国华', id17: '44010319661109005', phone: '13926000004' },
  { name: '邝美琪', id17: '44010320010221002', phone: '13926000005' },
];

/** A one-page scan stand-in (the demo's applicants "photograph" each material). */
async function scan(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawRectangle({ x: 60, y: 420, width: 475, height: 300, borderWidth: 2 });
  page.drawText('DEMO SCAN', { x: 80, y: 680, size: 28, font });
  page.drawText(title, { x: 80, y: 640, size: 14, font });
  return Buffer.from(await doc.save());
}

export class OnlineDemo {
  constructor(private readonly world: World) {}

  /** Registers the applications on the last working days up to `to` (the history's end day). */
  async plan(to: string): Promise<void> {
    const s = this.world.s;
    const [site] = await rows<{ id: number }>(s.database.db, sql`select id from sites where code = 'QZX'`);
    if (!site) return;
    const pick = async (mode: 'full' | 'prereview', skip: number) =>
      rows<{ id: number }>(s.database.db, sql`
        select s.id from catalog_sub_items s join catalog_items i on i.id = s.item_id
        where s.online_mode = ${mode} and s.active and i.active and i.subject_type in ('citizen', 'both')
          and (cardinality(i.enabled_site_ids) = 0 or ${site.id} = any(i.enabled_site_ids))
          and exists (select 1 from checklist_versions v where v.sub_item_id = s.id and v.status = 'published')
        order by s.id offset ${skip} limit 1`).then((r) => (r[0] ? Number(r[0].id) : null));
    // the last four working days up to the end day (the end day itself may be a rest day: applicants apply anyway)
    const days = this.world.workdays(addDays(to, -14), to);
    const [d3, d2, d1] = [days.at(-4) ?? to, days.at(-3) ?? to, days.at(-2) ?? to];
    const d0 = to;
    const siteId = Number(site.id);
    const full = [await pick('full', 0), await pick('full', 1), await pick('full', 2)];
    const pre = [await pick('prereview', 0), await pick('prereview', 1)];
    const clerk = this.world.actor('clerk1');
    const tl = this.world.tl;
    const go = (who: number, subItemId: number | null, day: string, hour: number, then?: (app: ApplicationView) => Promise<unknown>) => {
      if (subItemId === null) return;
      tl.at(cst(day, hour, 10), 'online:apply', async () => {
        const app = await this.apply(who, subItemId, siteId);
        if (then) await then(app);
      });
    };
    const review = (day: string, hour: number, app: ApplicationView, verdicts: ('pass' | 'fix')[], end: 'fix' | 'pass') =>
      tl.at(cst(day, hour, 30), 'online:prereview', async () => {
        for (const [i, slot] of app.slots.entries()) {
          const fix = verdicts[i] === 'fix';
          await s.prereviews.mark(clerk, app.id, slot.materialId, { verdict: fix ? 'fix' : 'pass', note: fix ? '扫描件四角不全、部分文字看不清，请将原件平放后重新拍摄上传' : '' });
        }
        if (end === 'fix') await s.prereviews.sendFixList(clerk, app.id);
        else await s.prereviews.pass(clerk, app.id);
      });
    // 全程网办, passed and accepted online two days before the end
    go(0, full[0]!, d3, 9, async (app) => review(d2, 10, app, [], 'pass'));
    // submitted three days ago and not reviewed since: late (red)
    go(1, pre[0]!, d3, 15);
    // yesterday: one waiting for the applicant's fix, one passed and waiting for the visit with the originals
    go(2, full[1]!, d1, 10, async (app) => review(d1, 15, app, ['fix'], 'fix'));
    go(3, pre[1]!, d1, 11, async (app) => review(d1, 16, app, [], 'pass'));
    // this morning: in today's limit
    go(4, full[2]!, d0, 9);
  }

  private async apply(who: number, subItemId: number, siteId: number): Promise<ApplicationView> {
    const s = this.world.s;
    const c = CITIZENS[who]!;
    const now = s.clock.now();
    const [row] = await s.database.db
      .insert(applicants)
      .values({ phone: c.phone, realName: c.name, idNumber: c.id17 + citizenIdCheckChar(c.id17), verifiedAt: now, verifiedBy: 'self', lastLoginAt: now })
      .onConflictDoUpdate({ target: applicants.phone, set: { lastLoginAt: now } })
      .returning();
    const actor = applicantActorOf(row!, null);
    let app = await s.online.start(actor, { clientKey: randomUUID(), subItemIds: [subItemId], siteId });
    for (const slot of app.slots) {
      app = await s.online.addFile(actor, app.id, slot.materialId, { name: `${slot.materialName}.pdf`, data: await scan(`material ${slot.materialId}`) });
    }
    return s.online.submit(actor, app.id);
  }
}
