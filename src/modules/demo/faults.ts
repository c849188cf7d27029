/**
 * Fault phenomena of each kind of machine, as a customer reports them and as an engineer
 * closes them. Written for the demo (not taken from any data set); the story planner combines
 * them with the machine, its site and some variation.
 */
import type { DeviceFamily } from './customers.ts';
import type { SkillKey } from './people.ts';

export interface Fault {
  /** The phenomenon, as it opens the report: "主轴异响". */
  symptom: string;
  details: readonly string[];
  solutions: readonly string[];
  /** The spare part a repair may wait for. */
  part?: string;
  /** The machine models it happens on; all of the family when absent. */
  models?: readonly string[];
}

const MACHINING = ['VMC850', 'VMC1160', 'HMC630'];

/** The skill that repairs each kind of machine. */
export const SKILL_OF: Record<DeviceFamily, SkillKey> = {
  cnc: 'cnc', hydraulics: 'hydraulics', injection: 'hydraulics', plc: 'plc', electrical: 'electrical', compressor: 'electrical', it: 'it',
};

export const FAULTS: Record<DeviceFamily, readonly Fault[]> = {
  cnc: [
    { symptom: '主轴异响', details: ['转速超过 6000 rpm 时有明显的咔咔声', '开机预热后声音仍然很大，并伴有振动', '换刀后主轴运转有尖锐的金属摩擦声'],
      solutions: ['拆检主轴，前轴承磨损，更换 7014C 角接触轴承一对并重新预紧，空运转 2 小时无异响，试切合格。', '主轴拉刀机构碟簧断裂，更换碟簧组并调整拉刀力，异响消除。'],
      part: '主轴轴承 7014C（一对）', models: [...MACHINING, 'CK6150'] },
    { symptom: '伺服报警 ALM-401', details: ['X 轴快速移动时报警，机床急停', 'Z 轴回零过程中报警，复位后反复出现', '加工中途报警，伺服驱动器显示过载'],
      solutions: ['检查发现 X 轴编码器线缆在拖链处破损，更换编码器线缆后报警消除，连续运行 4 小时正常。', 'Z 轴丝杠润滑不良导致负载过大，清洗丝杠、补充润滑脂并调整伺服增益，报警消除。'],
      part: '编码器线缆' },
    { symptom: '刀库换刀卡刀', details: ['换到 T12 时刀臂停在中间位置', '斗笠式刀库旋转不到位，报刀库计数错误', '换刀时有撞击声，刀套没有翻转到位'],
      solutions: ['刀库计数开关松动，重新紧固并校准刀库原点，连续换刀 200 次无异常。', '刀臂定位销磨损，更换定位销并调整换刀点参数。'], models: MACHINING },
    { symptom: '加工尺寸超差', details: ['孔距偏差 0.03 mm，连续三件不合格', '早上首件合格，运行两小时后尺寸慢慢漂移', '平面度超差，表面有振纹'],
      solutions: ['丝杠热伸长补偿参数丢失，重新激光干涉仪测量并设置螺距补偿，首件检验合格。', '机床水平变化，重新调平并紧固地脚螺栓，试切尺寸合格。'],
      models: [...MACHINING, 'CK6150'] },
    { symptom: '导轨润滑报警', details: ['润滑泵不出油，屏幕提示润滑液位低', '加了润滑油仍然报警', '导轨表面发干，有轻微划痕'],
      solutions: ['润滑泵压力开关损坏，更换后润滑正常，报警消除。', '分油器堵塞，清洗油路并更换两个计量件。'] },
    { symptom: '切割断面挂渣', details: ['切 8 mm 碳钢时断面挂渣严重', '切割速度降到原来一半才能切透', '切割边缘发黑并有毛刺'],
      solutions: ['保护镜片污染烧蚀，更换保护镜片并重新对中，切割质量恢复。', '喷嘴损坏，更换喷嘴并校准焦点位置，断面光洁。'],
      part: '保护镜片', models: ['LC3015'] },
    { symptom: '激光器报警无法出光', details: ['激光器报水温异常', '出光功率只有设定值的 70%', '开机自检时报激光器通讯故障'],
      solutions: ['冷水机滤网堵塞导致水温异常，清洗滤网并调整水温设定，激光器恢复出光。', '激光器与控制系统的通讯线松动，重新插紧并固定，自检通过。'],
      models: ['LC3015'] },
  ],
  hydraulics: [
    { symptom: '液压站压力不足', details: ['系统压力只能到 12 MPa，正常应为 21 MPa', '保压时压力表指针持续下降', '泵启动后噪音大，压力上不去'],
      solutions: ['溢流阀阀芯卡滞，拆洗并更换密封件，压力恢复到 21 MPa。', '柱塞泵内泄严重，更换柱塞泵，系统压力正常。'],
      part: '柱塞泵 A10VSO71' },
    { symptom: '液压油温过高', details: ['连续生产一小时后油温超过 65℃ 报警停机', '冷却器出水温度很高', '油箱表面烫手，油液颜色发黑'],
      solutions: ['板式冷却器结垢，清洗冷却器并更换液压油 400 L，油温稳定在 45℃。', '冷却水电磁阀不动作，更换电磁阀后油温正常。'] },
    { symptom: '滑块下滑保压不住', details: ['停机后滑块每分钟下滑约 5 mm', '上模停在上死点时会缓慢下落', '压制过程中压力掉得很快'],
      solutions: ['主缸密封圈老化内泄，更换主缸密封组件，保压测试 30 分钟无下滑。', '插装阀密封损坏，更换后保压正常。'],
      part: '主缸密封组件' },
    { symptom: '液压管路漏油', details: ['主缸进油管接头处持续滴油', '高压软管表面起包并渗油', '油箱下方地面有大片油迹'],
      solutions: ['更换高压软管两根并紧固接头，清理现场油污，运行无渗漏。', '接头 O 型圈老化，更换后无渗漏。'] },
  ],
  injection: [
    { symptom: '温控失灵', details: ['料筒第 3 段温度一直升不上去，停在 180℃', '射嘴温度超温到 260℃ 还在继续升', '温控表显示乱跳，产品出现银纹'],
      solutions: ['第 3 段加热圈烧断一组，更换加热圈，温度恢复正常。', '热电偶损坏，更换热电偶并校准温控，产品外观合格。'],
      part: '加热圈 φ60×80' },
    { symptom: '射胶压力不稳', details: ['产品缺料，射胶压力波动 ±15 bar', '保压段压力忽高忽低，尺寸不稳定', '射胶时有异响，产品飞边'],
      solutions: ['止逆环磨损，拆下螺杆更换止逆环，压力稳定。', '比例压力阀阀芯卡滞，清洗后重新标定，射胶压力稳定。'],
      part: '止逆环组件' },
    { symptom: '开合模异响', details: ['合模到位时有很大的撞击声', '开模速度明显变慢并有吱吱声', '锁模力达不到设定值'],
      solutions: ['哥林柱润滑不足，清洁并加注润滑脂，调整模厚，异响消除。', '合模油缸缓冲阀调整不当，重新调整开合模速度曲线。'] },
    { symptom: '螺杆不下料', details: ['储料时间从 8 秒变成 20 秒以上', '料斗有料但螺杆打滑', '储料马达转动但不退位'],
      solutions: ['下料口结块堵塞，清理下料口并调整料筒第一段温度。', '储料马达内泄，更换马达后储料正常。'] },
  ],
  plc: [
    { symptom: 'PLC 通讯中断', details: ['触摸屏显示“PLC 通讯中断”，整条线停止', '上位机采集不到数据，HMI 数据不刷新', '每隔半小时左右通讯掉线一次'],
      solutions: ['PROFINET 网线水晶头氧化接触不良，重新压接并更换交换机端口，通讯恢复。', '交换机电源模块故障，更换后通讯稳定，观察 24 小时无掉线。'] },
    { symptom: '传感器信号丢失', details: ['3 号工位光电开关信号时有时无，机械手误动作', '输入模块指示灯不亮，到位信号丢失', '接近开关检测不到工件，设备卡在等待状态'],
      solutions: ['光电开关镜面污染并松动，清洁并重新紧固，调整灵敏度。', '输入模块一个通道损坏，改接备用通道并修改程序地址。'] },
    { symptom: 'PLC CPU 故障灯亮', details: ['CPU 的 SF 灯红灯常亮，设备无法启动', '断电重启后程序丢失', 'CPU 停在 STOP 状态，切不到 RUN'],
      solutions: ['后备电池耗尽导致程序丢失，更换电池并从备份恢复程序，设备正常运行。', 'CPU 模块故障，更换 CPU 并下载程序，联调正常。'],
      part: 'CPU 模块' },
    { symptom: '变频器报警 F0001 过流', details: ['输送线电机启动时变频器报过流', '运行中变频器跳停，显示 F0001', '加速时报警，减小负载后仍然出现'],
      solutions: ['电机绕组绝缘下降，更换电机后运行正常。', '加速时间设置过短，调整参数并检查机械负载，报警消除。'] },
  ],
  electrical: [
    { symptom: '跳闸', details: ['10kV 进线柜速断保护动作跳闸，全厂停电', '综保装置显示零序过流后跳闸', '合闸后几分钟又跳闸'],
      solutions: ['电缆终端头受潮放电，重新制作电缆头，耐压试验合格后送电。', '综保定值设置错误，按设计重新整定并做传动试验。'] },
    { symptom: '局部放电', details: ['柜内有吱吱放电声', '巡检发现柜体温度异常，红外测温 78℃', '有明显的焦糊味'],
      solutions: ['母线连接螺栓松动发热，停电紧固并更换绝缘套管，复测温度正常。', '绝缘子表面污秽放电，清扫并加装加热除湿器。'] },
  ],
  compressor: [
    { symptom: '排气温度过高停机', details: ['排气温度达到 110℃ 报警停机', '夏天午后经常高温停机', '油温高，冷却风扇转速很慢'],
      solutions: ['油冷却器严重堵塞，清洗冷却器并更换油品，排温降到 85℃。', '温控阀失效，更换温控阀芯，运行温度正常。'] },
    { symptom: '供气压力上不去', details: ['管网压力只有 0.5 MPa，车间气动设备动作无力', '频繁加载卸载，压力波动大', '进气阀打不开'],
      solutions: ['进气阀膜片破损，更换进气阀维修包，压力恢复 0.8 MPa。', '管网多处漏气，查漏并更换快速接头。'],
      part: '进气阀维修包' },
    { symptom: '运行异常噪音', details: ['主机有金属撞击声', '运行时振动明显加大', '油气分离器压差报警并有异响'],
      solutions: ['主机轴承磨损，返厂大修主机并更换轴承。', '更换油气分离器和油过滤器，压差恢复正常。'] },
  ],
  it: [
    { symptom: 'MES 服务无法访问', models: ['SRV2U'], details: ['车间终端都打不开 MES，报工停止', '登录很慢，经常超时', '服务器 ping 得通但服务没响应'],
      solutions: ['数据库日志盘占满，清理归档日志并配置自动清理，服务恢复。', 'MES 应用服务内存溢出，调整 JVM 参数并重启，监控 24 小时正常。'] },
    { symptom: '频繁蓝屏死机', models: ['IPC610'], details: ['质检工位工控机每天蓝屏两三次', '开机卡在 Logo 界面', '运行检测软件时死机'],
      solutions: ['内存条接触不良，清洁金手指并重新插拔，运行稳定。', '硬盘坏道，更换固态硬盘并恢复系统镜像。'],
      part: '工业级固态硬盘 256G' },
    { symptom: '数据采集中断', details: ['设备数据采集网关离线，看板数据停在昨天', '部分设备的产量数据不上传', '交换机端口频繁 up/down'],
      solutions: ['采集网关电源适配器损坏，更换后恢复。', '交换机端口协商异常，固定端口速率并更换网线。'] },
    { symptom: '硬盘 RAID 降级告警', details: ['服务器前面板硬盘指示灯橙色', 'iDRAC 报告阵列降级', '系统提示磁盘 2 预测性故障'],
      solutions: ['更换故障硬盘，阵列重建完成，状态正常。'], part: '服务器硬盘 1.2T SAS', models: ['SRV2U'] },
  ],
};

export const IMPACTS = ['影响生产，请尽快安排工程师。', '目前已停机，麻烦尽快处理。', '还能勉强运行，但产品不良率上升。', '这条线今天有交货任务，请优先处理。', '请安排人来看一下。', ''];
export const URGENT_IMPACTS = ['整条线停产了，请立即派人！', '全车间停产，客户在等货，十万火急！', '已经影响到整厂生产，请马上到现场！'];
export const OPENINGS = ['', '', '', '你好，', '您好，我们厂', '紧急：', '麻烦处理一下：'];
