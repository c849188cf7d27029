import { describe, expect, it } from 'vitest';
import { deriveTitle, deviceTokens, findDuplicate, similarity } from './intake.ts';

describe('deriveTitle', () => {
  it.each([
    ['3号机床主轴异响。已停机两小时', '3号机床主轴异响'],
    ['The printer on floor 3 is jammed. Please help', 'The printer on floor 3 is jammed'],
    ['空压机跳闸！', '空压机跳闸'],
    ['  多余的   空格\n第二行', '多余的 空格 第二行'],
    ['v1.2 版本升级后无法登录', 'v1.2 版本升级后无法登录'],
  ])('%j → %j', (description, title) => expect(deriveTitle(description)).toBe(title));

  it('cuts a long first sentence at its clauses', () => {
    expect(deriveTitle('冷却液泄漏，地面湿滑，已经停机，请尽快安排工程师到现场处理，谢谢，另外主轴也有异响，需要一起看看。'))
      .toBe('冷却液泄漏，地面湿滑，已经停机，请尽快安排工程师到现场处理，谢谢');
    expect(deriveTitle('总装车间AL-200 自动化装配线（编号 HG-AL200-2025-0076），PLC CPU 故障灯亮，CPU 的 SF 灯红灯常亮，设备无法启动。'))
      .toBe('总装车间AL-200 自动化装配线（编号 HG-AL200-2025-0076）');
  });

  it('cuts a long first sentence at 60 characters with an ellipsis', () => {
    const title = deriveTitle('故'.repeat(100));
    expect(Array.from(title)).toHaveLength(60);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('deviceTokens', () => {
  it('finds serials and QR values, also inside a URL, and ignores plain words', () => {
    expect(deviceTokens('设备 CNC-2023-0042 报警，扫码 https://x.cn/d/LDQR8F3K2 看看 pump')).toEqual(['CNC-2023-0042', 'LDQR8F3K2']);
  });
});

describe('similarity', () => {
  it('is high for the same fault told twice, in Chinese and English', () => {
    expect(similarity('3号机床主轴异响', '3号机床主轴又在异响了，请尽快来人')).toBeGreaterThanOrEqual(0.6);
    expect(similarity('Printer on floor 2 is jammed', 'printer floor 2 jammed again')).toBeGreaterThanOrEqual(0.6);
  });

  it('is low for different faults of the same machine', () => {
    expect(similarity('打印机坏了', '打印机卡纸')).toBeLessThan(0.6);
    expect(similarity('空调不制冷', '3号机床主轴异响')).toBe(0);
  });

  it('leaves device codes out, so a serial does not hide a repeat', () => {
    expect(similarity('液压机 HG-PRESS-2022-0007 漏油严重', '漏油严重，液压机需要维修')).toBeGreaterThanOrEqual(0.6);
  });
});

describe('findDuplicate', () => {
  const open = [
    { id: 'a', number: 'WO-1', title: '', status: 'new', description: '车间照明跳闸' },
    { id: 'b', number: 'WO-2', title: '', status: 'accepted', description: '3号机床主轴异响' },
  ];
  it('picks the most similar open ticket above the threshold', () => {
    expect(findDuplicate('3号机床主轴异响严重', open)?.ticket.id).toBe('b');
  });
  it('answers nothing when no ticket is alike', () => {
    expect(findDuplicate('食堂空调不制冷', open)).toBeUndefined();
  });
});
