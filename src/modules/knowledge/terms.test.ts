import { describe, expect, it } from 'vitest';
import { BODY_WEIGHT, MIN_SCORE, articleTerms, queryTerms, rankArticles, scoreArticle, searchTerms } from './terms.ts';

describe('searchTerms', () => {
  it.each([
    ['主轴异响', ['主轴', '轴异', '异响']],
    ['3号机床主轴异响，更换轴承后解决', ['号机', '机床', '床主', '主轴', '轴异', '异响', '更换', '换轴', '轴承', '承后', '后解', '解决']],
    ['Spindle noise after the bearings were replaced', ['spindle', 'noise', 'after', 'bearing', 'replaced']],
    ['泵 漏油', ['泵', '漏油']],
    ['机床的主轴', ['机床', '主轴']],
    ['请尽快处理', ['尽快', '快处', '处理']],
    ['ＰＬＣ故障 E203', ['plc', '故障', 'e203']],
    ['The process uses gas; status OK', ['process', 'use', 'gas', 'status', 'ok']],
    ['  ，。!?  ', []],
  ])('%j → %j', (text, terms) => expect(searchTerms(text)).toEqual(terms));

  it('keeps each term once, in order of first appearance', () => {
    expect(searchTerms('异响 noise 异响 Noise noises')).toEqual(['异响', 'noise']);
  });

  it('separates a Chinese run from the letters and digits around it', () => {
    expect(searchTerms('AL200装配线PLC报警')).toEqual(['al200', '装配', '配线', 'plc', '报警']);
  });
});

describe('articleTerms', () => {
  it('covers the title, problem, cause, steps and tags, with the title\'s single characters', () => {
    const terms = articleTerms({ title: '液压泵异响', problem: '开机后有异响', cause: 'Worn bearing', steps: '更换轴承', tags: ['液压'] });
    expect(terms).toEqual(expect.arrayContaining(['液压', '压泵', '泵异', '开机', 'worn', 'bearing', '更换', '轴承', '泵']));
    expect(new Set(terms).size).toBe(terms.length);
  });
});

describe('queryTerms', () => {
  it('keeps the first terms of a long text', () => {
    expect(queryTerms('主轴异响 spindle noise coolant leak', 4)).toEqual(['主轴', '轴异', '异响', 'spindle']);
  });
});

describe('scoreArticle and rankArticles', () => {
  const spindle = { id: 'spindle', title: '3号机床主轴异响，更换轴承后解决', terms: articleTerms({ title: '3号机床主轴异响，更换轴承后解决', problem: '主轴转动时有异响', steps: '更换主轴轴承' }) };
  const printer = { id: 'printer', title: '打印机卡纸', terms: articleTerms({ title: '打印机卡纸', problem: '打印机频繁卡纸', steps: '清理搓纸轮' }) };
  const english = { id: 'english', title: 'Spindle noise on lathe 3', terms: articleTerms({ title: 'Spindle noise on lathe 3', problem: 'Loud noise', steps: 'Replaced the bearings' }) };
  const pump = { id: 'pump', title: 'Coolant pump', terms: articleTerms({ title: 'Coolant pump', problem: 'Pump makes noise', steps: 'Cleaned the filter' }) };

  it('gives 1 when every query term is in the title, and BODY_WEIGHT when only in the body', () => {
    expect(scoreArticle(searchTerms('主轴异响'), spindle)).toBe(1);
    expect(scoreArticle(searchTerms('轴承'), spindle)).toBe(1);
    expect(scoreArticle(searchTerms('转动'), spindle)).toBe(BODY_WEIGHT);
    expect(scoreArticle(searchTerms('bearing'), english)).toBe(BODY_WEIGHT);
    expect(scoreArticle([], spindle)).toBe(0);
  });

  it('finds an article by one character of its title', () => {
    const hydraulic = { title: '液压泵异响', terms: articleTerms({ title: '液压泵异响', problem: '异响', steps: '更换' }) };
    expect(scoreArticle(searchTerms('泵'), hydraulic)).toBe(1);
  });

  it('ranks best first and leaves out articles under the minimum score', () => {
    const ranked = rankArticles(searchTerms('spindle noise'), [pump, printer, spindle, english], 10);
    expect(ranked.map((entry) => entry.article.id)).toEqual(['english']);
    expect(ranked[0].score).toBe(1);
    expect(rankArticles(searchTerms('主轴异响'), [printer, english, spindle], 10).map((entry) => entry.article.id)).toEqual(['spindle']);
  });

  it('shows a partial match above the minimum, after the full one', () => {
    // "pump noise": pump in the title (1) and noise in the body (0.6) → 0.8; the lathe article has noise in its title → 0.5.
    const ranked = rankArticles(searchTerms('pump noise'), [english, pump], 10);
    expect(ranked.map((entry) => [entry.article.id, entry.score])).toEqual([['pump', 0.8], ['english', 0.5]]);
  });

  it('leaves out an article holding one term in three, even in its title', () => {
    const query = searchTerms('lathe coolant leak');
    expect(scoreArticle(query, english)).toBeLessThan(MIN_SCORE);
    expect(rankArticles(query, [english], 10)).toEqual([]);
  });

  it('keeps the given order on equal scores and stops at the limit', () => {
    const twin = { ...spindle, id: 'twin' };
    expect(rankArticles(searchTerms('主轴异响'), [twin, spindle], 10).map((entry) => entry.article.id)).toEqual(['twin', 'spindle']);
    expect(rankArticles(searchTerms('主轴异响'), [twin, spindle], 1).map((entry) => entry.article.id)).toEqual(['twin']);
  });
});
