import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  citizenIdCheckChar,
  normaliseCitizenId,
  normaliseMobile,
  normaliseUscc,
  orgCodeCheckChar,
  usccCheckChar,
  validateCitizenId,
  validateMobile,
  validateUscc,
} from '../../common/validators.js';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { Type } from 'typebox';
import { DateString, FileName, Id, IdParams, Int, MonthString, MultiText, Text, obj, partialObj } from '../../server/platform/schemas.js';

/** Build a citizen ID with a correct check char. */
function makeId(first17: string): string {
  return first17 + citizenIdCheckChar(first17);
}

describe('validateCitizenId (GB 11643)', () => {
  test('public sample is valid, female, born 1949-12-31', () => {
    assert.deepEqual(validateCitizenId('11010519491231002X'), {
      ok: true,
      birthDate: '1949-12-31',
      sex: 'female',
      normalised: '11010519491231002X',
    });
  });

  test('lowercase x and surrounding spaces are accepted and normalised', () => {
    const r = validateCitizenId(' 11010519491231002x ');
    assert.equal(r.ok, true);
    assert.ok(r.ok && r.normalised === '11010519491231002X');
    assert.equal(normaliseCitizenId(' 11010519491231002x '), '11010519491231002X');
  });

  test('odd 17th digit is male', () => {
    const id = makeId('44010619900307123');
    const r = validateCitizenId(id);
    assert.ok(r.ok);
    assert.equal(r.sex, 'male');
    assert.equal(r.birthDate, '1990-03-07');
  });

  test('check char computation covers X and digits', () => {
    assert.equal(citizenIdCheckChar('11010519491231002'), 'X');
    assert.equal(citizenIdCheckChar('44010619900307123'), '1');
    assert.throws(() => citizenIdCheckChar('1101051949123100'), RangeError);
    assert.throws(() => citizenIdCheckChar('1101051949123100A'), RangeError);
  });

  test('wrong check digit → checksum', () => {
    assert.deepEqual(validateCitizenId('110105194912310021'), { ok: false, reason: 'checksum' });
    assert.deepEqual(validateCitizenId('110105194912310020'), { ok: false, reason: 'checksum' });
  });

  test('impossible date 1949-02-30 → date (even with a correct check char)', () => {
    assert.deepEqual(validateCitizenId(makeId('11010519490230002')), { ok: false, reason: 'date' });
    assert.deepEqual(validateCitizenId(makeId('11010519491301002')), { ok: false, reason: 'date' });
    assert.deepEqual(validateCitizenId(makeId('11010519490100002')), { ok: false, reason: 'date' });
  });

  test('leap days: 2000-02-29 valid, 1900-02-29 invalid', () => {
    assert.equal(validateCitizenId(makeId('11010520000229002')).ok, true);
    assert.deepEqual(validateCitizenId(makeId('11010519000229002')), { ok: false, reason: 'date' });
  });

  test('year before 1900 → date', () => {
    assert.deepEqual(validateCitizenId(makeId('11010518991231002')), { ok: false, reason: 'date' });
  });

  test('future birth date → date', () => {
    assert.deepEqual(validateCitizenId(makeId('11010520990101001')), { ok: false, reason: 'date' });
    // boundary with an explicit "today"
    const id = makeId('11010520260315001');
    assert.deepEqual(validateCitizenId(id, { today: '2026-03-14' }), { ok: false, reason: 'date' });
    assert.equal(validateCitizenId(id, { today: '2026-03-15' }).ok, true);
  });

  test('wrong length or characters → format', () => {
    for (const bad of ['', '11010519491231002', '11010519491231002X1', '1101051949123100X2', '11010519491231002Y', '110105194912310 2X']) {
      assert.deepEqual(validateCitizenId(bad), { ok: false, reason: 'format' }, bad);
    }
  });
});

describe('validateUscc (GB 32100)', () => {
  test('public sample is valid without warnings', () => {
    assert.deepEqual(validateUscc('91350100M000100Y43'), {
      ok: true,
      warnings: [],
      normalised: '91350100M000100Y43',
    });
    assert.equal(usccCheckChar('91350100M000100Y4'), '3');
    assert.equal(orgCodeCheckChar('M000100Y'), '4');
  });

  test('lowercase and spaces are normalised', () => {
    assert.equal(normaliseUscc(' 91350100m000100y43 '), '91350100M000100Y43');
    assert.equal(validateUscc(' 91350100m000100y43 ').ok, true);
  });

  test('wrong check char → checksum', () => {
    assert.deepEqual(validateUscc('91350100M000100Y44'), { ok: false, reason: 'checksum' });
    assert.deepEqual(validateUscc('91350100M000100Y4A'), { ok: false, reason: 'checksum' });
  });

  test('letters outside the alphabet (I O Z S V) → format', () => {
    for (const bad of ['91350100I000100Y43', '91350100O000100Y43', '91350100Z000100Y43', '91350100S000100Y43', '91350100V000100Y43']) {
      assert.deepEqual(validateUscc(bad), { ok: false, reason: 'format' }, bad);
    }
  });

  test('wrong length → format', () => {
    assert.deepEqual(validateUscc('91350100M000100Y4'), { ok: false, reason: 'format' });
    assert.deepEqual(validateUscc('91350100M000100Y433'), { ok: false, reason: 'format' });
    assert.deepEqual(validateUscc(''), { ok: false, reason: 'format' });
  });

  test('org-code check mismatch with a correct USCC check → ok with ORG_CODE_CHECKSUM warning', () => {
    // the sample's org code is M000100Y-4; use 5 instead and recompute the USCC check char
    const first17 = '91350100M000100Y5';
    const code = first17 + usccCheckChar(first17);
    assert.deepEqual(validateUscc(code), { ok: true, warnings: ['ORG_CODE_CHECKSUM'], normalised: code });
  });

  test('org-code check X and 0 cases', () => {
    // find bodies whose GB 11714 check is X (10) and 0 (11) and ensure a built USCC validates clean
    const bodies = ['00000001', '00000002', '00000003', '00000004', '00000005', '00000006', '00000007', '00000008', '00000009', '0000000A', '0000000B'];
    const checks = new Set(bodies.map((b) => orgCodeCheckChar(b)));
    assert.ok(checks.has('X') && checks.has('0'), `expected X and 0 among ${[...checks].join(',')}`);
    for (const b of bodies) {
      const oc = orgCodeCheckChar(b)!;
      const first17 = `91440101${b}${oc}`;
      const r = validateUscc(first17 + usccCheckChar(first17));
      assert.deepEqual(r.ok && r.warnings, [], b);
    }
  });

  test('usccCheckChar rejects bad input', () => {
    assert.throws(() => usccCheckChar('91350100M000100Y'), RangeError);
    assert.throws(() => usccCheckChar('91350100I000100Y4'), RangeError);
  });
});

describe('validateMobile', () => {
  test('valid mainland mobiles', () => {
    for (const ok of ['13812341234', '19912345678', '15000000000', ' 17712345678 ']) {
      assert.equal(validateMobile(ok), true, ok);
    }
  });

  test('invalid mobiles', () => {
    for (const bad of ['12812341234', '10812341234', '1381234123', '138123412345', '02012345678', '1381234123a', '']) {
      assert.equal(validateMobile(bad), false, bad);
    }
  });

  test('normaliseMobile strips separators and +86', () => {
    assert.equal(normaliseMobile('+86 138-1234-1234'), '13812341234');
    assert.equal(normaliseMobile('008613812341234'), '13812341234');
    assert.equal(validateMobile(normaliseMobile('+86 138 1234 1234')), true);
  });
});

// ---- the shared request schemas (server/platform/schemas.ts, ADR 0017), compiled as the server compiles them

describe('request schemas: text, numbers, dates, closed objects', () => {
  const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const check = (schema: object) => {
    const v = ajv.compile(schema);
    return (x: unknown) => v(x) as boolean;
  };

  test('single-line text refuses every C0 control, DEL and lone surrogates, and keeps CJK, emoji and U+20000', () => {
    const t = check(Text(100, 0));
    for (let c = 0; c < 0x20; c++) assert.equal(t(`a${String.fromCharCode(c)}b`), false, `U+${c.toString(16)}`);
    assert.equal(t('a\u007fb'), false);
    assert.equal(t('a\ud800b'), false);
    assert.equal(t('\udc00'), false);
    assert.equal(t('a\ud83d'), false, 'a high surrogate at the end');
    assert.equal(t('\ude00a'), false, 'a low surrogate at the start');
    for (const ok of ['', '张三', '示范区好味道餐饮有限公司', '😀', '𠀀𪚥', 'Ünïcödé – “quotes”', 'a\u0080b', 'a\u00a0b']) assert.equal(t(ok), true, ok);
  });

  test('multi-line text allows tab, LF and CR only', () => {
    const t = check(MultiText(100));
    assert.equal(t('第一行\r\n第二行\t制表'), true);
    for (const bad of ['\u0000', '\u0007', '\u000b', '\u000c', '\u001b[31m', '\u007f', '\ud800']) assert.equal(t(`x${bad}`), false, JSON.stringify(bad));
  });

  test('length counts characters, not UTF-16 units', () => {
    assert.equal(check(Text(2))('😀😀'), true);
    assert.equal(check(Text(2))('😀😀😀'), false);
  });

  test('ids and integers are bounded by int4; Infinity (JSON 1e400), 2^63, negatives and fractions are refused', () => {
    const id = check(Id);
    for (const bad of [Infinity, -Infinity, NaN, 2 ** 63, 2_147_483_648, 0, -1, 1.5, '1e400', '99999999999']) assert.equal(id(bad), false, String(bad));
    for (const ok of [1, 2_147_483_647, '42']) assert.equal(id(ok), true, String(ok));
    assert.equal(check(Int(0, 99))(JSON.parse('1e400')), false);
    assert.equal(check(IdParams)({ id: '9223372036854775808' }), false);
  });

  test('dates exist and stay in 1900–2199; months in 01–12', () => {
    const d = check(DateString);
    for (const ok of ['2026-12-07', '2024-02-29', '1900-01-01', '2199-12-31']) assert.equal(d(ok), true, ok);
    for (const bad of ['2026-02-30', '2023-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '9999-12-31', '2026-12-07\n', '2026-12-07T00:00', '２０２６-12-07']) assert.equal(d(bad), false, bad);
    const m = check(MonthString);
    assert.equal(m('2026-12'), true);
    assert.equal(m('2026-13'), false);
  });

  test('file names: one line, no path separator', () => {
    const f = check(FileName);
    assert.equal(f('营业执照样本.pdf'), true);
    for (const bad of ['../etc/passwd', 'a\\b.pdf', 'a\u0000.pdf', 'a\n.pdf', '\ud800.pdf', '']) assert.equal(f(bad), false, JSON.stringify(bad));
  });

  test('closed objects refuse unknown keys; partialObj stays closed (TypeBox Partial alone opens it)', () => {
    const fields = { name: Text(10), note: MultiText(10) };
    assert.equal(check(obj(fields))({ name: 'a', note: '', code: 'HACKED' }), false);
    const patch = check(partialObj(fields));
    assert.equal(patch({}), true);
    assert.equal(patch({ note: 'x' }), true);
    assert.equal(patch({ code: 'HACKED' }), false);
    assert.equal(patch({ createdAt: '2020-01-01' }), false);
    assert.equal(check(Type.Partial(Type.Object(fields)))({ code: 'HACKED' }), true, 'the pitfall partialObj exists for');
  });
});
