import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { maskCitizenId, maskMobile, maskName, maskPhone, maskUscc } from '../../common/masking.js';

describe('maskCitizenId', () => {
  test('keeps first 6 and last 4', () => {
    assert.equal(maskCitizenId('11010519491231002X'), '110105********002X');
    assert.equal(maskCitizenId('11010519491231002x'), '110105********002X');
  });
  test('null/undefined → null', () => {
    assert.equal(maskCitizenId(null), null);
    assert.equal(maskCitizenId(undefined), null);
  });
  test('short or odd input is masked, never thrown, never leaked whole', () => {
    assert.equal(maskCitizenId(''), '');
    assert.equal(maskCitizenId('123'), '***');
    assert.equal(maskCitizenId('12345678'), '12****78');
    assert.equal(maskCitizenId('1234567890'), '12******90');
    assert.equal(maskCitizenId('110105491231002'), '110105*****1002'); // 15-digit legacy ID
  });
});

describe('maskMobile / maskPhone', () => {
  test('mobile rule 3+4', () => {
    assert.equal(maskMobile('13812341234'), '138****1234');
    assert.equal(maskPhone('13812341234'), '138****1234');
  });
  test('+86 and separators are normalised before masking', () => {
    assert.equal(maskPhone('+86 138-1234-1234'), '138****1234');
    assert.equal(maskMobile(' 138 1234 1234 '), '138****1234');
  });
  test('landlines keep only the last 4', () => {
    assert.equal(maskPhone('020-83331234'), '********1234');
    assert.equal(maskPhone('83331234'), '****1234');
  });
  test('non-mobile input to maskMobile is still masked', () => {
    assert.equal(maskMobile('12345678901'), '123****8901');
    assert.equal(maskMobile('020-83331234'), '********1234');
    assert.equal(maskMobile('12'), '*2');
    assert.equal(maskMobile('1'), '*');
  });
  test('null/undefined → null', () => {
    assert.equal(maskMobile(null), null);
    assert.equal(maskPhone(undefined), null);
  });
});

describe('maskName', () => {
  test('three chars keep first and last', () => {
    assert.equal(maskName('张三丰'), '张*丰');
  });
  test('two chars keep the first', () => {
    assert.equal(maskName('张三'), '张*');
  });
  test('one char unchanged', () => {
    assert.equal(maskName('张'), '张');
  });
  test('longer names mask all middle chars', () => {
    assert.equal(maskName('欧阳娜娜'), '欧**娜');
    assert.equal(maskName('买买提·艾力'), '买****力');
  });
  test('surrogate pairs are not split', () => {
    assert.equal(maskName('𠮷野家'), '𠮷*家');
    assert.equal(maskName('王𠮷'), '王*');
  });
  test('null/undefined → null, empty → empty', () => {
    assert.equal(maskName(null), null);
    assert.equal(maskName(undefined), null);
    assert.equal(maskName(''), '');
  });
});

describe('maskUscc', () => {
  test('keeps first 8 and last 2', () => {
    assert.equal(maskUscc('91350100M000100Y43'), '91350100********43');
  });
  test('null → null; short input masked safely', () => {
    assert.equal(maskUscc(null), null);
    assert.equal(maskUscc('ABC'), '***');
  });
});
