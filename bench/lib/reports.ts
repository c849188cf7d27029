/**
 * Problem reports as requesters type them (zh-CN), different enough from one another that
 * the intake duplicate guard (character-pair similarity ≥ 0.6 against the requester's open
 * tickets) does not take a benchmark's reports for repeats of each other.
 */

const SITES = ['一号厂房', '二号厂房', '三号车间', '总装车间', '喷涂车间', '焊装车间', '冲压车间', '仓储中心', '研发楼', '办公楼七层', '南区机房', '北区配电室', '质检中心', '包装线', '食堂后厨', '动力站'];
const EQUIPMENT = ['数控机床', '空压机', '注塑机', '激光切割机', '叉车', '冷水机组', '输送带', '工业机器人', '打印机', '服务器', '交换机', '门禁闸机', '电梯', '中央空调', '配电柜', '烘干炉', '贴片机', '包装机', '监控摄像头', '投影仪'];
const SYMPTOMS = ['运行时有明显异响', '启动后频繁报警停机', '温度持续偏高', '无法开机', '漏油严重', '显示屏黑屏', '网络时通时断', '压力上不去', '振动比平时大很多', '出料口堵塞', '急停按钮失灵', '传感器读数跳变', '刷卡没有反应', '电机过热跳闸', '出现焦糊味', '精度超差', '按键失灵', '冒白烟', '计数器不准', '液压站泄压', '自动门卡住关不上', '扫码枪读不出条码', '主轴抱死', '气缸动作迟缓'];
const SINCE = ['今天早班开始', '昨天夜班交接后', '从周一起', '刚才十分钟前', '上午九点左右', '换完模具之后', '停电恢复以后', '保养结束后', '近三天来', '中午开机时', '下雨后', '升级系统之后', '搬到新位置以后', '上周五下午起', '夜里两点多', '换了新操作员后'];
const IMPACTS = ['整条产线已停', '影响交货进度', '只能降速运行', '工人暂时改为手工作业', '客户下午要来验厂', '已经有批量不良品', '暂时不影响生产但担心恶化', '同事无法正常办公', '订单排产被打乱', '安全员要求立即处理', '夜班没法开工', '返工量越来越大', '仓库发不了货', '财务结账受影响', '只剩一台备用机在顶', '领导在催进度'];
const ASKS = ['请尽快派人到现场看看。', '麻烦安排工程师今天处理。', '需要更换备件的话请先告知。', '请远程指导一下怎么临时处理。', '请帮忙确认是否在保修期内。', '已拍照，等工程师来了再给。', '联系人就在设备旁边，电话随时可打。', '希望能在下班前修好。', '上次修过一次没多久又坏了。', '现场已经断电挂牌。', '说明书找不到了，请带资料来。', '需要的话可以先借一台备用的。', '值班长姓刘，到了找他。', '周末也需要有人值守。', '可能要停线检修，请提前沟通。', '备件库里好像没有库存。'];

/** A well-mixed 32-bit hash of (n, part), so consecutive reports share no pattern of parts. */
function mix(n: number, part: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(part + 1, 0xc2b2ae35);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const pick = <T>(items: readonly T[], n: number, part: number): T => items[mix(n, part) % items.length];

/** The n-th report: the same n always gives the same text, and it carries n itself. */
export function problemReport(n: number): string {
  const site = pick(SITES, n, 1);
  const line = 1 + (mix(n, 2) % 9);
  const equipment = pick(EQUIPMENT, n, 3);
  const symptom = pick(SYMPTOMS, n, 4);
  const since = pick(SINCE, n, 5);
  const impact = pick(IMPACTS, n, 6);
  const ask = pick(ASKS, n, 7);
  const alarm = `${'ABEFHP'[mix(n, 9) % 6]}${100 + (mix(n, 10) % 900)}`;
  switch (mix(n, 8) % 3) {
    case 0: return `${site}${line}号线的${equipment}${symptom}，${since}就这样了，${impact}。${ask}（报修单第${n}条）`;
    case 1: return `${equipment}${symptom}！位置在${site}${line}号线，${since}出现，报警码${alarm}，${impact}。${ask}编号${n}`;
    default: return `${since}，${site}那台${equipment}${symptom}，面板显示${alarm}。${impact}，${ask}第${n}号`;
  }
}
