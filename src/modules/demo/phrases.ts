/** What people write along a ticket's life: dispatch notes, hold reasons, verifications. */

export const DISPATCH_NOTES = ['已收到报修，正在安排工程师。', '已联系客户确认故障现象，马上派单。', '客户为重点客户，请优先处理。', '已安排附近工程师，预计 2 小时内到场。'];
export const DECLINE_REASONS = ['正在其他客户现场，今天赶不过去。', '这个型号我不熟悉，建议派给液压方向的同事。', '今天请了半天假，无法按时到场。', '车辆在保养，无法出车。'];
export const HOLD_REASONS = ['等待备件：{part}', '等待客户安排停机窗口', '等待厂家技术支持回复', '等待客户采购审批备件', '等待备件到货：{part}，预计 2 天'];
export const ENGINEER_NOTES = ['已到现场，正在排查。', '初步判断需要更换{part}，先做临时处理让设备运行。', '已联系仓库确认库存。', '拍照发给二线专家确认了故障点。', '客户要求下班后停机处理。'];
export const EXPERT_NOTES = ['二线建议：先检查供电和接线，再判断是否为模块故障。', '类似故障上月在同型号设备上出现过，处理方法见知识库。', '这个报警一般是机械负载引起的，先排除机械问题。', '备件可从苏州总部仓库调拨，明天可到。'];
export const REQUESTER_COMMENTS = ['请问工程师大概几点到？', '设备今天必须恢复，麻烦抓紧。', '现场联系人换成设备科老王，电话同上。', '已按要求拍照上传。'];
export const REQUESTER_REPLIES = ['收到，谢谢！', '好的，现场有人配合。'];
export const CANCEL_REASONS_REQUESTER = ['设备重启后已恢复正常，取消报修。', '我们自己的电工已经处理好了。', '报错设备了，取消。'];
export const CANCEL_REASONS_DISPATCHER = ['客户电话确认不需要上门，已远程指导处理。', '信息不全，已电话联系客户重新报修。', '客户设备已过保，转商务报价处理。'];
export const PARTIAL_COMMENTS = ['设备能用了，但噪音还是比之前大一点，请后续关注。', '主要问题解决了，现场油污没清理干净。', '修好了，但比承诺时间晚到了 3 个小时。'];
export const SATISFIED_COMMENTS = ['', '', '工程师很专业，谢谢！', '处理及时，满意。', '问题已解决。'];
export const UNRESOLVED_COMMENTS = ['开机半小时后故障又出现了。', '问题没有解决，报警还在。'];
export const REOPEN_REASONS = ['同样的故障今天又出现了。', '修好三天后又出现同样问题，请再派人看一下。'];
export const REPEAT_PREFIXES = ['再次报修：', '催一下！', '还没人来，再报一次：'];

/** Work that is not a breakdown: planned maintenance, parts, questions and complaints. */
export const MAINTENANCE_REQUESTS = [
  '请安排{model}的季度保养，计划{weekday}停机一天。',
  '{model}运行满 4000 小时，申请做一次全面保养，包括更换油品和滤芯。',
  '年度预防性维护：请对{site}的{model}做精度检测和润滑保养。',
  '{model}的保养提醒到期了，请安排工程师上门。',
];
export const MAINTENANCE_SOLUTIONS = ['完成季度保养：更换滤芯、清洁散热器、检查各轴间隙，设备状态良好。', '完成保养并做精度检测，各项指标在公差范围内。', '已更换油品和滤芯，紧固电气接线，出具保养报告。'];
export const PARTS_REQUESTS = ['申请备件：{part}，用于{model}维修，请确认库存和价格。', '需要订购{part}两套作为常备库存，请报价。', '{model}的{part}快到寿命了，申请提前备货。'];
export const PARTS_SOLUTIONS = ['备件已从苏州总仓发出，快递单号已告知客户，客户签收确认。', '已报价并完成发货，客户验收无误。'];
export const CONSULTATIONS = ['咨询：{model}的主轴保养周期是多久，用什么型号的润滑油？', '想了解{model}能否加装第四轴，需要什么配置？', '请问{model}的操作培训怎么预约？我们新来了几个操作工。', '咨询一下{model}的控制系统升级方案和费用。', '{model}的报警手册能否发一份电子版？'];
export const CONSULTATION_ANSWERS = ['已电话答复客户并发送相关资料。', '已发送技术资料和报价，客户确认收到。', '已安排下周二线上培训，客户确认时间。'];
export const COMPLAINTS = ['投诉：上周报修的{model}，工程师比约定时间晚到了四个小时，耽误了生产。', '投诉：同一台{model}一个月内修了三次，还是同样的故障，要求给出彻底解决方案。', '投诉：维修后现场油污没有清理，并且没有留下维修报告。', '投诉：热线电话打了几次都没人接。'];
export const COMPLAINT_ANSWERS = ['服务经理已上门致歉，说明原因并承诺整改，客户接受。', '已安排二线专家会同上门彻底排查，并给出预防措施，客户认可。', '已补发维修报告，并对工程师进行现场规范培训。'];
export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六'];
export const GENERIC_PARTS = ['伺服电机', '比例阀', '接近开关', '主轴轴承', '滤芯套件', '触摸屏'];

/** Fills {name} slots; a missing value leaves the slot's text out cleanly. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}
